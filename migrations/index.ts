import { CreateUsersAndApiKeys1763780000000 } from './1763780000000-CreateUsersAndApiKeys';
import { CreateTasks1763780000001 } from './1763780000001-CreateTasks';
import { CreateFiles1763780000002 } from './1763780000002-CreateFiles';
import { CreateBatchTables1763780000003 } from './1763780000003-CreateBatchTables';
import { AddCallbacks1763780000004 } from './1763780000004-AddCallbacks';

/** Listed explicitly (no glob) so the same list works from ts sources, dist and tests. */
export const MIGRATIONS = [CreateUsersAndApiKeys1763780000000, CreateTasks1763780000001, CreateFiles1763780000002, CreateBatchTables1763780000003, AddCallbacks1763780000004];
