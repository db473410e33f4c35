const MB = 2 ** 20;
const megabytes = (bytes: number) => (bytes < MB ? `${Math.ceil(bytes / 1024)} KB` : `${(bytes / MB).toFixed(bytes < 10 * MB ? 1 : 0)} MB`);

/** A corpus file over the size limit: skipped before it is read, so it costs no memory. */
export class FileTooBig extends Error {
  override readonly name = "FileTooBig";
  readonly identifier = "corpus-file-too-big";

  constructor(
    readonly size: number,
    readonly limit: number,
  ) {
    super(`is ${megabytes(size)}, over the ${megabytes(limit)} limit for one file (MAX_FILE_MB): split it into smaller files`);
  }
}
