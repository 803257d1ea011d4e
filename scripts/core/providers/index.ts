/**
 * The provider registry: every adapter, in the order reports list them. Adding a provider is
 * copying one adapter file and adding it here.
 */
import { abuseipdb } from './abuseipdb';
import { greynoise } from './greynoise';
import { malwarebazaar } from './malwarebazaar';
import { misp } from './misp';
import { opencti } from './opencti';
import { otx } from './otx';
import { safebrowsing } from './safebrowsing';
import { shodan } from './shodan';
import { threatfox } from './threatfox';
import { urlhaus } from './urlhaus';
import { urlscan } from './urlscan';
import { virustotal } from './virustotal';
import { Provider, ProviderId } from './types';

export var PROVIDERS: Provider[] = [
  virustotal,
  abuseipdb,
  shodan,
  misp,
  opencti,
  urlscan,
  safebrowsing,
  malwarebazaar,
  urlhaus,
  threatfox,
  greynoise,
  otx,
];

export var PROVIDER_IDS: ProviderId[] = PROVIDERS.map(function (p) {
  return p.id;
});

/** The adapter for an id, or undefined for an unknown id (callers report it as a usage error). */
export function providerById(id: string): Provider | undefined {
  for (var i = 0; i < PROVIDERS.length; i++) if (PROVIDERS[i].id === id) return PROVIDERS[i];
  return undefined;
}
