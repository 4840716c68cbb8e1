import {
  checkedTarget,
  systemResolve,
  UnsafeUrlError,
  type Resolve,
} from '../../acquire/connect-guard';

/**
 * Why a URL that the server would fetch or call is refused, or null when it may be used: its
 * host must resolve, and every address it resolves to must be public (see checkedTarget). A
 * check at submission; the clone and the callback check again when they connect.
 */
export async function unsafeUrlReason(
  field: string,
  url: string,
  allowPrivate: boolean,
  resolve: Resolve = systemResolve,
): Promise<string | null> {
  try {
    await checkedTarget(field, url, allowPrivate, resolve);
    return null;
  } catch (error) {
    if (error instanceof UnsafeUrlError) return error.message;
    throw error;
  }
}
