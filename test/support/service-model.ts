import { readFileSync } from 'node:fs';

/** The Chime SDK Voice service model in `reference/`, as tests read it (botocore's service-2.json). */

export interface ModelJsonMember {
  shape: string;
  location?: 'uri' | 'querystring';
  locationName?: string;
}

export interface ModelJsonShape {
  type: string;
  members?: Record<string, ModelJsonMember>;
  required?: string[];
  member?: ModelJsonMember;
  key?: ModelJsonMember;
  value?: ModelJsonMember;
  min?: number;
  max?: number;
  pattern?: string;
  enum?: string[];
  sensitive?: boolean;
  error?: { httpStatusCode: number };
}

export interface ModelJsonOperation {
  http: { method: string; requestUri: string; responseCode?: number };
  input?: { shape: string };
  output?: { shape: string };
}

export interface ServiceModelJson {
  operations: Record<string, ModelJsonOperation>;
  shapes: Record<string, ModelJsonShape>;
}

export const SERVICE_MODEL = JSON.parse(
  readFileSync(new URL('../../reference/chime-sdk-voice-2022-08-03.service-2.json', import.meta.url), 'utf8'),
) as ServiceModelJson;
