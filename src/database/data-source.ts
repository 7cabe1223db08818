import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { appConfig } from '../config/config';
import { typeormOptions } from './typeorm.options';

/** For the TypeORM CLI (`npm run migration:generate`): same options as the apps. */
export default new DataSource(typeormOptions(appConfig().database, 'sentir-cli'));
