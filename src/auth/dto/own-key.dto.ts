import { ApiProperty } from '@nestjs/swagger';

export class OwnKeyDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'snt_AbCdEfGh', description: 'The non-secret start of the key.' }) prefix!: string;
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty({ example: 'acme' }) userName!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({
    example: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
    description:
      'Secret of this key that signs its task callbacks: verify `Sentir-Signature` (`t=<unix seconds>,v1=<hex>`) as ' +
      'HMAC-SHA256 of `<t>.<raw body>` keyed with this string, and reject a `t` more than 5 minutes away from your clock. ' +
      'Keep it as secret as the key itself.',
  })
  webhookSecret!: string;
}
