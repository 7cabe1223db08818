/** Every BullMQ queue Sentir uses. Never spell a queue name as a string literal elsewhere. */
export const QueueName = {
  Analysis: 'analysis',
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];
