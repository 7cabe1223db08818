import { CreateUsersAndApiKeys1763780000000 } from './1763780000000-CreateUsersAndApiKeys';
import { CreateTasks1763780000001 } from './1763780000001-CreateTasks';
import { CreateFiles1763780000002 } from './1763780000002-CreateFiles';
import { CreateBatchTables1763780000003 } from './1763780000003-CreateBatchTables';
import { AddCallbacks1763780000004 } from './1763780000004-AddCallbacks';
import { CreateTaxonomies1763780000005 } from './1763780000005-CreateTaxonomies';
import { CreateUsageRecords1763780000006 } from './1763780000006-CreateUsageRecords';
import { CreateSessions1763780000007 } from './1763780000007-CreateSessions';
import { AddExternalUsers1763780000008 } from './1763780000008-AddExternalUsers';
import { AddFailedTasksIndex1763780000009 } from './1763780000009-AddFailedTasksIndex';
import { AddChunkCacheCounts1763780000010 } from './1763780000010-AddChunkCacheCounts';
import { AddCallbackScheduledAt1763780000011 } from './1763780000011-AddCallbackScheduledAt';
import { AddTaskRun1763780000012 } from './1763780000012-AddTaskRun';
import { AddUserWebhookSecret1763780000013 } from './1763780000013-AddUserWebhookSecret';

/** Listed explicitly (no glob) so the same list works from ts sources, dist and tests. */
export const MIGRATIONS = [CreateUsersAndApiKeys1763780000000, CreateTasks1763780000001, CreateFiles1763780000002, CreateBatchTables1763780000003, AddCallbacks1763780000004, CreateTaxonomies1763780000005, CreateUsageRecords1763780000006, CreateSessions1763780000007, AddExternalUsers1763780000008, AddFailedTasksIndex1763780000009, AddChunkCacheCounts1763780000010, AddCallbackScheduledAt1763780000011, AddTaskRun1763780000012, AddUserWebhookSecret1763780000013];
