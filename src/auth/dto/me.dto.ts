import { ApiProperty } from '@nestjs/swagger';

export class MeDto {
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty({ example: 'acme', description: 'For an identity-provider user: `<sub>@<issuer host>` (or `oidc-<hash>` when that does not fit or is taken).' })
  userName!: string;
  @ApiProperty({ description: 'API key holders: the users.is_admin flag. Identity-provider users: whether the token carries OIDC_ADMIN_CLAIM.' })
  isAdmin!: boolean;
  @ApiProperty({ enum: ['api-key', 'oidc'], description: 'How this request was authenticated.' })
  via!: 'api-key' | 'oidc';
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The API key used; null with an identity-provider token.' })
  keyId!: string | null;
}
