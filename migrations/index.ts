import { CreateUsersAndApiKeys1763780000000 } from './1763780000000-CreateUsersAndApiKeys';
import { CreateTasks1763780000001 } from './1763780000001-CreateTasks';

/** Listed explicitly (no glob) so the same list works from ts sources, dist and tests. */
export const MIGRATIONS = [CreateUsersAndApiKeys1763780000000, CreateTasks1763780000001];
