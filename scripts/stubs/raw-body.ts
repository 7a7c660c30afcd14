import { unavailableError } from './unavailable-in-lambda';

/**
 * In the Lambda bundle, `raw-body`: Bolt's `HTTPModuleFunctions` requires it at load time, and it
 * requires `iconv-lite` (about 480 KiB). Only the HTTP and Socket Mode receivers read a body from
 * a Node request stream; `AwsLambdaReceiver` takes it from the API Gateway event.
 */
export default function getRawBody(): never {
  throw unavailableError('raw-body', 'only the HTTP receivers read request streams');
}
