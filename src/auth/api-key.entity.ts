import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { User } from './user.entity';

/** An API key. Only the SHA-256 of the key is stored; the clear key is shown once at creation. */
@Entity({ name: 'api_keys' })
export class ApiKey {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  /** The non-secret start of the key, for people to tell keys apart in `keys:list`. */
  @Column({ name: 'key_prefix', type: 'text' })
  keyPrefix!: string;

  @Column({ name: 'key_hash', type: 'text', unique: true })
  keyHash!: string;

  /**
   * Signs this key's task callbacks (HMAC-SHA256). Kept in clear because signing needs it; not
   * selected unless asked for, so that no listing or authentication path carries it around.
   */
  @Column({ name: 'webhook_secret', type: 'text', select: false })
  webhookSecret!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;
}
