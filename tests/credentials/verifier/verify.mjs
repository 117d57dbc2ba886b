// Verifies credentials with Digital Bazaar's libraries, which skillsnet did not write:
// @digitalbazaar/vc (VC Data Model checks, proof purpose: the key must be in the issuer's assertionMethod),
// @digitalbazaar/data-integrity with @digitalbazaar/eddsa-rdfc-2022-cryptosuite (the signature),
// @digitalbazaar/vc-bitstring-status-list (fetches the status list credential, verifies it, reads the bit).
//
// Input (stdin): {"server": "http://localhost:PORT", "credentials": {"name": credential, ...}}
// Output (stdout): {"name": {"verified": bool, "errors": [...], "status": [{"purpose", "index", "set"}]}, ...}
//
// JSON-LD contexts come from local files only (the npm packages' copies and contexts/ beside this file);
// nothing is fetched but documents of `server`. did:web identifiers are resolved the did:web way
// (did:web:HOST:path -> https://HOST/path/did.json), except that the test server speaks plain http.
import {readFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';

import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {checkStatus} from '@digitalbazaar/vc-bitstring-status-list';

const here = dirname(fileURLToPath(import.meta.url));
// The contexts as their npm packages ship them (files under node_modules, installed by `npm ci`).
const packageFile = (pkg, file) => join(here, 'node_modules', ...pkg.split('/'), file);
const json = path => JSON.parse(readFileSync(path, 'utf8'));

const CONTEXTS = new Map([
  ['https://www.w3.org/ns/credentials/v2',
    json(packageFile('@digitalbazaar/credentials-context', 'contexts/v2.jsonld'))],
  ['https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
    json(join(here, 'contexts', 'ob-v3p0-context-3.0.3.json'))],
  ['https://w3id.org/security/data-integrity/v2',
    json(packageFile('@digitalbazaar/data-integrity-context', 'contexts/data-integrity-v2.jsonld'))],
  ['https://w3id.org/security/multikey/v1',
    json(packageFile('@digitalbazaar/multikey-context', 'contexts/multikey-v1.jsonld'))],
  ['https://www.w3.org/ns/did/v1', json(packageFile('did-context', 'contexts/did-v1.jsonld'))],
  ['https://www.w3.org/ns/credentials/status/v1',
    json(packageFile('@digitalbazaar/vc-bitstring-status-list-context',
      'contexts/vc-bitstring-status-list-v1.jsonld'))],
]);

function didWebUrl(did) {
  // did:web method specification: colons separate path segments, the host may carry a %3A port.
  const segments = did.slice('did:web:'.length).split(':').map(decodeURIComponent);
  const [host, ...path] = segments;
  return path.length ? `https://${host}/${path.join('/')}/did.json` : `https://${host}/.well-known/did.json`;
}

function makeLoader(server) {
  const origin = new URL(server);
  const toServer = url => {
    const target = new URL(url);
    if(target.host !== origin.host) {
      throw new Error(`refusing to load ${url}: only ${origin.host} is reachable from this verifier`);
    }
    target.protocol = origin.protocol; // the test server speaks plain http
    return target.href;
  };
  const fetchJson = async url => {
    const response = await fetch(toServer(url), {headers: {accept: 'application/json, application/ld+json'}});
    if(!response.ok) {
      throw new Error(`${url}: HTTP ${response.status}`);
    }
    return response.json();
  };
  return async url => {
    if(CONTEXTS.has(url)) {
      return {contextUrl: null, documentUrl: url, document: structuredClone(CONTEXTS.get(url))};
    }
    if(url.startsWith('did:web:')) {
      const [did] = url.split('#');
      const document = await fetchJson(didWebUrl(did));
      if(document.id !== did) {
        throw new Error(`the document of ${did} names itself ${document.id}`);
      }
      if(url === did) {
        return {contextUrl: null, documentUrl: url, document};
      }
      const method = (document.verificationMethod || []).find(m => m.id === url);
      if(!method) {
        throw new Error(`${url} is not a verification method of ${did}`);
      }
      return {contextUrl: null, documentUrl: url, document: {'@context': document['@context'], ...method}};
    }
    if(url.startsWith('http://') || url.startsWith('https://')) {
      return {contextUrl: null, documentUrl: url, document: await fetchJson(url)};
    }
    throw new Error(`refusing to load ${url}`);
  };
}

async function verifyOne(credential, documentLoader) {
  const suite = new DataIntegrityProof({cryptosuite: eddsaRdfc2022});
  const statuses = [];
  // The library reports the bit; a set bit (revoked or suspended) must reject the credential.
  const statusChecker = async options => {
    const result = await checkStatus({...options, suite, documentLoader});
    for(const r of result.results || []) {
      statuses.push({purpose: r.credentialStatus.statusPurpose, index: r.credentialStatus.statusListIndex,
        set: r.status});
    }
    if(result.verified && (result.results || []).some(r => r.status === true)) {
      return {...result, verified: false, error: new Error('the status list marks this credential')};
    }
    return result;
  };
  const result = await vc.verifyCredential({credential, suite, documentLoader, checkStatus: statusChecker});
  const errors = [];
  const collect = e => {
    if(!e) {
      return;
    }
    if(Array.isArray(e)) {
      e.forEach(collect);
      return;
    }
    errors.push(String(e.message || e));
    collect(e.errors);
    collect(e.cause);
  };
  collect(result.error);
  for(const r of result.results || []) {
    collect(r.error);
  }
  collect(result.statusResult && result.statusResult.error);
  return {verified: result.verified === true, errors, status: statuses};
}

const input = JSON.parse(readFileSync(0, 'utf8'));
const documentLoader = makeLoader(input.server);
const out = {};
for(const [name, credential] of Object.entries(input.credentials)) {
  try {
    out[name] = await verifyOne(credential, documentLoader);
  } catch(e) {
    out[name] = {verified: false, errors: [String(e && e.message || e)], status: []};
  }
}
process.stdout.write(JSON.stringify(out, null, 2) + '\n');
