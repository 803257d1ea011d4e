/**
 * GreyNoise Community API (reference: providers.md §9): `GET /v3/community/{ip}`, IPv4 only.
 *
 * - Auth: `key` header, optional (unauthenticated use has a smaller allowance) → requiresKey false;
 *   the header is sent only when a key is configured.
 * - Signal (GreyNoise says whether an IP is internet background noise or a known business service):
 *   classification `malicious` → malicious 0.9, confidence 0.6; `riot` (known benign business
 *   service, e.g. a CDN or SaaS) → malicious 0, confidence 0.6; classification `benign` → malicious
 *   0, confidence 0.4; noise with `unknown`/no classification → malicious 0.3, confidence 0.3.
 *   `riot` wins over `benign`; `malicious` wins over `riot`.
 * - Not found: HTTP 404 carrying the normal JSON body (`noise:false, riot:false`, "IP not observed
 *   ...") → `not_found`; a 200 with noise and riot false and no classification is treated the same.
 *   A 404 without that JSON body → `bad_response` (wrong base URL, proxy).
 * - 429 means the plan's daily allowance is spent (§9) → `quota`; no wait header is documented.
 * - Defaults: the daily allowance depends on plan and account and "published numbers vary — don't
 *   hardcode" (§9 Limits): a conservative 10/min and 100/day keeps bulk runs from burning it (raise
 *   it in the configuration per your plan); a 429 is still handled as `quota`. Weight 20, timeout 10 s.
 */
import { Indicator } from '../model';
import { badResponse, baseUrl, errorResult, httpError, isObject, notFoundResult, parseJson, precheck, safeText, strOrNull, throttled } from './common';
import { Dict, FactValue, HttpRequest, HttpResponse, Provider, ProviderConfig, ProviderResult, Signal, Skip } from './types';

function signalFor(noise: boolean, riot: boolean, classification: string | null): Signal {
  if (classification === 'malicious') return { malicious: 0.9, confidence: 0.6 };
  if (riot) return { malicious: 0, confidence: 0.6 };
  if (classification === 'benign') return { malicious: 0, confidence: 0.4 };
  return { malicious: 0.3, confidence: 0.3 };
}

export var greynoise: Provider = {
  id: 'greynoise',
  name: 'GreyNoise',
  types: ['ipv4'],
  requiresKey: false,
  requiresBaseUrl: false,
  defaults: {
    baseUrl: 'https://api.greynoise.io',
    // The community API's daily allowance depends on the account and is not published
    // (reference §9): conservative defaults so a bulk run cannot burn it; raise them per your plan.
    limits: { perMinute: 10, perDay: 100 },
    timeoutMs: 10000,
    weight: 20,
  },

  request: function (indicator: Indicator, config: ProviderConfig): HttpRequest | Skip {
    var s = precheck(greynoise, indicator, config);
    if (s) return s;
    var headers: Dict<string> = { Accept: 'application/json' };
    if (config.apiKey) headers.key = config.apiKey;
    return { method: 'GET', url: baseUrl(greynoise, config) + '/v3/community/' + indicator.value, headers: headers };
  },

  parse: function (indicator: Indicator, response: HttpResponse, config: ProviderConfig): ProviderResult {
    var body = parseJson(response.body);
    var status = response.status;
    var detail = isObject(body) ? safeText(body.message, config.apiKey) : undefined;
    var link = 'https://viz.greynoise.io/ip/' + indicator.value;
    if (status === 404) {
      if (isObject(body) && (typeof body.noise === 'boolean' || typeof body.message === 'string')) {
        var nf = notFoundResult('greynoise', 404, 'GreyNoise has not observed this address scanning and it is not in RIOT');
        nf.link = link;
        return nf;
      }
      return badResponse(greynoise, 'HTTP 404 without the GreyNoise JSON body; check the base URL', 404);
    }
    if (status === 429) return throttled(greynoise, response, 'quota', detail);
    if (status === 400) return errorResult('greynoise', 'bad_response', 'GreyNoise rejected the address (HTTP 400)' + (detail ? ': ' + detail : '') + '; check the indicator', 400);
    if (status !== 200) return httpError(greynoise, response, detail);
    if (!isObject(body)) return badResponse(greynoise, body === undefined ? 'malformed JSON' : 'not a JSON object', status);
    if (typeof body.noise !== 'boolean' || typeof body.riot !== 'boolean') return badResponse(greynoise, 'missing noise/riot flags', status);
    var classification = strOrNull(body.classification);
    if (!body.noise && !body.riot && (classification === null || classification === 'unknown')) {
      var nf2 = notFoundResult('greynoise', status, 'GreyNoise has not observed this address scanning and it is not in RIOT');
      nf2.link = link;
      return nf2;
    }
    var facts: Dict<FactValue> = {
      noise: body.noise,
      riot: body.riot,
      classification: classification,
      name: strOrNull(body.name),
      last_seen: strOrNull(body.last_seen),
    };
    return {
      provider: 'greynoise',
      status: 'ok',
      httpStatus: status,
      signal: signalFor(body.noise, body.riot, classification),
      facts: facts,
      link: link,
    };
  },
};
