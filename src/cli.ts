import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { ApiKeysService } from './auth/api-keys.service';
import { exitOnStartupFailure, StartupError } from './common/startup-error';
import { appConfig } from './config/config';
import { prepareDatabase } from './database/prepare-database';
import { typeormOptions } from './database/typeorm.options';

const USAGE = `usage: npm run cli -- <command>
  keys:create --user <name> [--admin]   create an API key; prints its webhook secret, then the key alone on the last line
  keys:list                             list keys (prefix, user, state), never the keys themselves
  keys:revoke <id>                      revoke a key by id`;

/** Operator commands. Messages go to stderr so that stdout carries only results. */
async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { user: { type: 'string' }, admin: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    process.stderr.write(USAGE + '\n');
    process.exit(values.help ? 0 : 2);
  }
  const config = appConfig();
  await prepareDatabase(config.database);
  const ds = new DataSource({ ...typeormOptions(config.database, 'sentir-cli'), extra: { max: 1 } });
  await ds.initialize();
  const keys = new ApiKeysService(ds);
  try {
    switch (command) {
      case 'keys:create': {
        const user = values.user?.trim();
        if (!user || user.length > 100) throw new StartupError('keys:create needs --user <name> (1 to 100 characters).');
        const created = await keys.create(user, values.admin ?? false);
        process.stderr.write(`created key ${created.id} (${created.prefix}…) for user "${created.userName}"${created.isAdmin ? ' (admin)' : ''}; it is shown only now:\n`);
        // The key stays alone on the last line (`| tail -n1`); the secret can be read again with GET /api/v1/keys/current.
        process.stdout.write(`webhook-secret ${created.webhookSecret}\n`);
        process.stdout.write(created.key + '\n');
        break;
      }
      case 'keys:list': {
        const rows = await keys.list();
        for (const r of rows) {
          process.stdout.write(
            [r.id, r.prefix + '…', r.userName, r.isAdmin ? 'admin' : 'user', r.revokedAt ? `revoked ${r.revokedAt.toISOString()}` : 'active', r.createdAt.toISOString()].join('\t') + '\n',
          );
        }
        break;
      }
      case 'keys:revoke': {
        const id = rest[0];
        if (!id || !/^[0-9a-f-]{36}$/i.test(id)) throw new StartupError('keys:revoke needs the key id shown by keys:list.');
        if (!(await keys.revoke(id))) throw new StartupError(`no active key with id ${id}.`);
        process.stdout.write(`revoked ${id}\n`);
        break;
      }
      default:
        throw new StartupError(`unknown command "${command}".\n${USAGE}`);
    }
  } finally {
    await ds.destroy();
  }
}

main(process.argv.slice(2)).catch((err) => exitOnStartupFailure(err, 'cli'));
