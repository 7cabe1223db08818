import { ApiProperty } from '@nestjs/swagger';

export class WebhookSecretDto {
  @ApiProperty({
    example: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
    description:
      'Signs the callbacks (`callbackUrl`) of tasks you create with this credential: verify `Sentir-Signature` ' +
      '(`t=<unix seconds>,v1=<hex>`) as HMAC-SHA256 of `<t>.<raw body>` keyed with this string. Keep it secret.',
  })
  webhookSecret!: string;

  @ApiProperty({
    enum: ['api-key', 'user'],
    description:
      '`api-key`: the secret of the API key you called with (as `GET /keys/current` shows it). `user`: your user\'s own secret, ' +
      'which signs the tasks you create with an identity-provider token; created on first need.',
  })
  signer!: 'api-key' | 'user';
}
