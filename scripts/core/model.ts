/**
 * The IOC model shared by every part of ioc-enrich. Plain data only: it crosses the XSOAR,
 * Node and Splunk SOAR shells unchanged, so it must stay JSON-serialisable and ES5-safe.
 */

/** Every indicator type we extract and enrich, spelled as they appear in config, CLI and context. */
export type IocType =
  | 'ipv4'
  | 'ipv6'
  | 'domain'
  | 'url'
  | 'email'
  | 'md5'
  | 'sha1'
  | 'sha256'
  | 'sha512'
  | 'cve';

export var IOC_TYPES: IocType[] = ['ipv4', 'ipv6', 'domain', 'url', 'email', 'md5', 'sha1', 'sha256', 'sha512', 'cve'];

/**
 * Where an IP address lives. Only `public` addresses are ever sent to external providers:
 * looking up an RFC 1918 address leaks internal topology and returns nothing useful.
 */
export type IpScope =
  | 'public'
  | 'private'
  | 'loopback'
  | 'link-local'
  | 'cgnat'
  | 'multicast'
  | 'documentation'
  | 'reserved';

/** An indicator as the engine sees it: a normalised value and its type (plus scope for IPs). */
export interface Indicator {
  type: IocType;
  /** Normalised value: hosts lower-cased and punycoded, hashes lower-cased, URLs refanged and trimmed. */
  value: string;
  /** Present for `ipv4`/`ipv6` only. */
  scope?: IpScope;
}

/** One extracted indicator with where and how it was written. */
export interface Extracted extends Indicator {
  /** The first occurrence exactly as written (possibly defanged), e.g. `203.0.113[.]7`. */
  raw: string;
  /** UTF-16 offsets of every occurrence's first character in the scanned text, in order. */
  offsets: number[];
  /** True when any occurrence was written in a defanged form. */
  defanged?: boolean;
  /** For values derived from another indicator (a URL's host, an email's domain): that indicator's value. */
  derivedFrom?: string;
  /** extractAlert: the JSON field paths (`event.message`, `hosts[2].ip`) where the value was seen. */
  paths?: string[];
  /** extractEmail: the message parts where it was seen (`header:From`, `body:text`, `attachment`). */
  sources?: string[];
  /** extractEmail: attachment file name for file-hash indicators. */
  fileName?: string;
}
