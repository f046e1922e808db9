// html-encoding-sniffer ships no types; this is its documented API (README, v6).
declare module 'html-encoding-sniffer' {
  interface SniffOptions {
    /** Bypass HTML sniffing: BOM, then the other options. */
    readonly xml?: boolean;
    /** The Content-Type charset label: beats everything but a BOM. */
    readonly transportLayerEncodingLabel?: string;
    /** The fallback when nothing else decides (the package's own default is windows-1252). */
    readonly defaultEncoding?: string;
  }
  /** The canonical WHATWG encoding name (not a label), e.g. "UTF-8", "windows-1252". */
  function htmlEncodingSniffer(bytes: Uint8Array, options?: SniffOptions): string;
  export default htmlEncodingSniffer;
}
