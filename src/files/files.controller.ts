import { Controller, Delete, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentPrincipal } from '../auth/principal';
import type { Principal } from '../auth/principal';
import { API_V1 } from '../common/http/api-paths';
import { ProblemDto } from '../common/problem.dto';
import { FileDto, FileListDto, ListFilesQuery, UploadFileDto } from './dto/file.dto';
import { filePath, presentFile } from './file.presenter';
import { FilesService } from './files.service';

@ApiTags('files')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ProblemDto, description: 'Missing, unknown or revoked API key.' })
@ApiTooManyRequestsResponse({ type: ProblemDto, description: 'Rate limit exceeded; see Retry-After.' })
@ApiServiceUnavailableResponse({ type: ProblemDto, description: 'PostgreSQL or Redis is unreachable; retry later.' })
@Controller(`${API_V1}/files`)
export class FilesController {
  constructor(private readonly files: FilesService) {}

  @Post()
  @ApiOperation({
    summary: 'Upload a file of comments (CSV, XLSX, JSON, NDJSON or TXT)',
    description:
      'Streams the upload, checks it (size, type against content, ZIP and XML bombs, JSON depth, encoding), parses it and stores its rows. ' +
      'Uploading the same bytes again returns the existing file with 200.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: UploadFileDto })
  @ApiCreatedResponse({ type: FileDto, description: 'Stored. `Location` points to the file.' })
  @ApiOkResponse({ type: FileDto, description: 'You had already uploaded these bytes: the existing file.' })
  @ApiBadRequestResponse({ type: ProblemDto, description: 'The multipart request is broken or has no `file` part.' })
  @ApiPayloadTooLargeResponse({ type: ProblemDto, description: 'Over the size limit; reading stopped there.' })
  @ApiUnsupportedMediaTypeResponse({ type: ProblemDto, description: 'Not multipart, or the content is not the format its name claims.' })
  @ApiUnprocessableEntityResponse({ type: ProblemDto, description: 'The file cannot be used; `reason` says why (zip_bomb, invalid_encoding, no_text_column…).' })
  async upload(@CurrentPrincipal() principal: Principal, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<FileDto> {
    const { file, created } = await this.files.upload(principal, req);
    res.status(created ? 201 : 200).setHeader('Location', filePath(file.id));
    return presentFile(file);
  }

  @Get()
  @ApiOperation({ summary: 'List your files, newest first (cursor pagination)' })
  @ApiOkResponse({ type: FileListDto })
  @ApiBadRequestResponse({ type: ProblemDto })
  async list(@CurrentPrincipal() principal: Principal, @Query() query: ListFilesQuery): Promise<FileListDto> {
    const limit = query.limit ?? 20;
    const { files, nextCursor } = await this.files.list(principal, limit, query.cursor);
    const next = nextCursor ? `/${API_V1}/files?${new URLSearchParams({ limit: String(limit), cursor: nextCursor }).toString()}` : null;
    return { data: files.map(presentFile), nextCursor, links: { next } };
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get one file: format, columns, guessed columns, sample rows' })
  @ApiOkResponse({ type: FileDto })
  @ApiNotFoundResponse({ type: ProblemDto, description: 'No such file, or not yours.' })
  async get(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<FileDto> {
    return presentFile(await this.files.get(principal, id));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a file and its rows', description: 'Unfinished batch tasks over the file are cancelled; finished results are kept.' })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiNotFoundResponse({ type: ProblemDto, description: 'No such file, or not yours.' })
  async remove(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<void> {
    await this.files.remove(principal, id);
  }
}
