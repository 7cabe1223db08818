import { DataSource } from 'typeorm';
import { ApiKeysService } from '../../src/auth/api-keys.service';
import { typeormOptions } from '../../src/database/typeorm.options';

/** Creates users and keys straight in this run's database (the CLI path is tested separately). */
export class KeyFactory {
  private ds?: Promise<DataSource>;
  private seq = 0;

  async service(): Promise<ApiKeysService> {
    this.ds ??= new DataSource(
      typeormOptions({ url: process.env.E2E_DATABASE_URL!, poolSize: 2, connectTimeoutMs: 3000, poolWaitMs: 10000, statementTimeoutMs: 10000 }),
    ).initialize();
    return new ApiKeysService(await this.ds);
  }

  async create(prefix = 'user', admin = false) {
    const svc = await this.service();
    return svc.create(`${prefix}-${process.pid}-${Date.now()}-${++this.seq}`, admin);
  }

  async close(): Promise<void> {
    await (await this.ds)?.destroy();
  }
}
