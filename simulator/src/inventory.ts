/**
 * Deterministic inventory of purchasable numbers, generated lazily per area code (NPA).
 */
import type { AvailableNumber } from './types';

export interface AreaCodeInfo {
  areaCode: string;
  countryIso: 'US' | 'CA';
  city: string;
  region: string;
  rateCenter: string;
  lata: number | null;
  /** How many numbers this area code offers by default. */
  size: number;
}

const US = 'UNITED STATES';
const CA = 'CANADA';

export function countryName(iso: 'US' | 'CA'): string {
  return iso === 'US' ? US : CA;
}

const KNOWN: AreaCodeInfo[] = [
  { areaCode: '415', countryIso: 'US', city: 'San Francisco', region: 'California', rateCenter: 'SNFC CNTRL', lata: 722, size: 60 },
  { areaCode: '628', countryIso: 'US', city: 'San Francisco', region: 'California', rateCenter: 'SNFC CNTRL', lata: 722, size: 30 },
  { areaCode: '650', countryIso: 'US', city: 'Palo Alto', region: 'California', rateCenter: 'PALO ALTO', lata: 722, size: 30 },
  { areaCode: '408', countryIso: 'US', city: 'San Jose', region: 'California', rateCenter: 'SNJS WEST', lata: 722, size: 30 },
  { areaCode: '213', countryIso: 'US', city: 'Los Angeles', region: 'California', rateCenter: 'LSAN DA 01', lata: 730, size: 40 },
  { areaCode: '310', countryIso: 'US', city: 'Los Angeles', region: 'California', rateCenter: 'LSAN DA 03', lata: 730, size: 40 },
  { areaCode: '212', countryIso: 'US', city: 'New York', region: 'New York', rateCenter: 'NWYRCYZN01', lata: 132, size: 60 },
  { areaCode: '646', countryIso: 'US', city: 'New York', region: 'New York', rateCenter: 'NWYRCYZN03', lata: 132, size: 40 },
  { areaCode: '917', countryIso: 'US', city: 'New York', region: 'New York', rateCenter: 'NWYRCYZN04', lata: 132, size: 40 },
  { areaCode: '718', countryIso: 'US', city: 'Brooklyn', region: 'New York', rateCenter: 'NWYRCYZN05', lata: 132, size: 30 },
  { areaCode: '617', countryIso: 'US', city: 'Boston', region: 'Massachusetts', rateCenter: 'BOSTON', lata: 128, size: 60 },
  { areaCode: '312', countryIso: 'US', city: 'Chicago', region: 'Illinois', rateCenter: 'CHICAGO', lata: 358, size: 60 },
  { areaCode: '773', countryIso: 'US', city: 'Chicago', region: 'Illinois', rateCenter: 'CHICAGO', lata: 358, size: 30 },
  { areaCode: '512', countryIso: 'US', city: 'Austin', region: 'Texas', rateCenter: 'AUSTIN', lata: 558, size: 60 },
  { areaCode: '214', countryIso: 'US', city: 'Dallas', region: 'Texas', rateCenter: 'DALLAS', lata: 552, size: 30 },
  { areaCode: '713', countryIso: 'US', city: 'Houston', region: 'Texas', rateCenter: 'HOUSTON', lata: 560, size: 30 },
  { areaCode: '206', countryIso: 'US', city: 'Seattle', region: 'Washington', rateCenter: 'SEATTLE', lata: 674, size: 40 },
  { areaCode: '305', countryIso: 'US', city: 'Miami', region: 'Florida', rateCenter: 'MIAMI', lata: 460, size: 40 },
  { areaCode: '404', countryIso: 'US', city: 'Atlanta', region: 'Georgia', rateCenter: 'ATLANTA', lata: 438, size: 40 },
  { areaCode: '303', countryIso: 'US', city: 'Denver', region: 'Colorado', rateCenter: 'DENVER', lata: 656, size: 40 },
  { areaCode: '702', countryIso: 'US', city: 'Las Vegas', region: 'Nevada', rateCenter: 'LAS VEGAS', lata: 721, size: 30 },
  { areaCode: '202', countryIso: 'US', city: 'Washington', region: 'District of Columbia', rateCenter: 'WASHINGTON', lata: 236, size: 40 },
  { areaCode: '215', countryIso: 'US', city: 'Philadelphia', region: 'Pennsylvania', rateCenter: 'PHLA', lata: 228, size: 30 },
  { areaCode: '602', countryIso: 'US', city: 'Phoenix', region: 'Arizona', rateCenter: 'PHOENIX', lata: 666, size: 30 },
  { areaCode: '416', countryIso: 'CA', city: 'Toronto', region: 'Ontario', rateCenter: 'TORONTO', lata: null, size: 60 },
  { areaCode: '647', countryIso: 'CA', city: 'Toronto', region: 'Ontario', rateCenter: 'TORONTO', lata: null, size: 30 },
  { areaCode: '613', countryIso: 'CA', city: 'Ottawa', region: 'Ontario', rateCenter: 'OTTAWA HULL', lata: null, size: 30 },
  { areaCode: '514', countryIso: 'CA', city: 'Montreal', region: 'Quebec', rateCenter: 'MONTREAL', lata: null, size: 30 },
  { areaCode: '604', countryIso: 'CA', city: 'Vancouver', region: 'British Columbia', rateCenter: 'VANCOUVER', lata: null, size: 30 },
  { areaCode: '403', countryIso: 'CA', city: 'Calgary', region: 'Alberta', rateCenter: 'CALGARY', lata: null, size: 30 },
];

/** Other Canadian NPAs (generic inventory, but country CA). */
const OTHER_CA = new Set([
  '204', '226', '236', '249', '250', '263', '289', '306', '343', '354', '365', '367', '368', '382', '387', '418', '428',
  '431', '437', '438', '450', '460', '468', '474', '506', '519', '548', '579', '581', '584', '587', '639', '672', '683',
  '705', '709', '742', '753', '778', '780', '782', '807', '819', '825', '867', '873', '879', '902', '905',
]);

/** Area codes that never have local inventory (invalid, service, premium and toll-free NPAs). */
const NEVER = new Set(['555', '900', '976', '999', '800', '833', '844', '855', '866', '877', '888', '880', '881', '882', '887', '889']);

const KNOWN_BY_CODE = new Map<string, AreaCodeInfo>(KNOWN.map((a) => [a.areaCode, a]));

export const GENERIC_SIZE = 25;

/** Metadata for an NPA; null when the NPA can never have local numbers. */
export function areaCodeInfo(areaCode: string): AreaCodeInfo | null {
  if (!/^[2-9]\d\d$/.test(areaCode)) return null;
  if (areaCode[1] === '1' && areaCode[2] === '1') return null; // N11 service codes
  if (NEVER.has(areaCode)) return null;
  const known = KNOWN_BY_CODE.get(areaCode);
  if (known) return known;
  const countryIso = OTHER_CA.has(areaCode) ? 'CA' : 'US';
  return {
    areaCode,
    countryIso,
    city: 'Anytown',
    region: countryIso === 'US' ? 'United States' : 'Canada',
    rateCenter: `NPA ${areaCode}`,
    lata: null,
    size: GENERIC_SIZE,
  };
}

/** Known (named) area codes of a country, in table order — used for searches without a pattern. */
export function knownAreaCodes(countryIso: 'US' | 'CA'): string[] {
  return KNOWN.filter((a) => a.countryIso === countryIso).map((a) => a.areaCode);
}

function hashString(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

/** A small seeded generator (mulberry32): the same seed gives the same sequence (the benches seed data with it too). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface AreaInventory {
  info: AreaCodeInfo;
  /** Sorted list of the area code's numbers (rented ones included; filter at query time). */
  numbers: AvailableNumber[];
  byNumber: Map<string, AvailableNumber>;
}

/**
 * Lazily generated, cached inventory. `overrides` let the control API resize an area code
 * (e.g. size 0 = sold out) or replace its numbers.
 */
export class Inventory {
  private readonly cache = new Map<string, AreaInventory | null>();
  private readonly overrides = new Map<string, { size?: number; numbers?: string[] }>();

  constructor(private seed: number) {}

  reset(seed?: number): void {
    if (seed !== undefined) this.seed = seed;
    this.cache.clear();
    this.overrides.clear();
  }

  setOverride(areaCode: string, override: { size?: number; numbers?: string[] }): void {
    this.overrides.set(areaCode, override);
    this.cache.delete(areaCode);
  }

  clearOverride(areaCode: string): void {
    this.overrides.delete(areaCode);
    this.cache.delete(areaCode);
  }

  listOverrides(): Array<{ areaCode: string; size?: number; numbers?: string[] }> {
    return [...this.overrides.entries()].map(([areaCode, o]) => ({ areaCode, ...o }));
  }

  area(areaCode: string): AreaInventory | null {
    if (this.cache.has(areaCode)) return this.cache.get(areaCode) ?? null;
    const built = this.build(areaCode);
    this.cache.set(areaCode, built);
    return built;
  }

  /** The inventory entry for an 11-digit NANP number, if the number is (ever) sold by the simulator. */
  lookup(number: string): AvailableNumber | null {
    if (!/^1\d{10}$/.test(number)) return null;
    const area = this.area(number.slice(1, 4));
    return area?.byNumber.get(number) ?? null;
  }

  private build(areaCode: string): AreaInventory | null {
    const override = this.overrides.get(areaCode);
    let info = areaCodeInfo(areaCode);
    if (!info) {
      if (!override || !/^\d{3}$/.test(areaCode)) return null;
      info = { areaCode, countryIso: 'US', city: 'Anytown', region: 'United States', rateCenter: `NPA ${areaCode}`, lata: null, size: 0 };
    }
    const meta: AreaCodeInfo = info;
    const rand = mulberry32(hashString(`${this.seed}:${areaCode}`));
    let subscribers: string[];
    if (override?.numbers) {
      subscribers = override.numbers
        .map((n) => n.replace(/\D/g, ''))
        .map((n) => (n.length === 11 ? n.slice(4) : n.length === 10 ? n.slice(3) : n))
        .filter((n) => /^\d{7}$/.test(n));
    } else {
      const size = Math.max(0, Math.min(5000, override?.size ?? meta.size));
      const seen = new Set<string>();
      let guard = 0;
      while (seen.size < size && guard < size * 50) {
        guard++;
        const nxxFirst = 2 + Math.floor(rand() * 8);
        const nxxRest = Math.floor(rand() * 100);
        const nxx = `${nxxFirst}${String(nxxRest).padStart(2, '0')}`;
        if (nxx[1] === '1' && nxx[2] === '1') continue; // N11
        if (nxx === '555' || nxx === '950' || nxx === '958' || nxx === '959' || nxx === '976') continue;
        const line = String(Math.floor(rand() * 10000)).padStart(4, '0');
        seen.add(nxx + line);
      }
      subscribers = [...seen];
    }
    subscribers.sort();
    const numbers: AvailableNumber[] = [];
    const byNumber = new Map<string, AvailableNumber>();
    subscribers.forEach((sub, i) => {
      const number = `1${areaCode}${sub}`;
      if (byNumber.has(number)) return;
      const entry: AvailableNumber = {
        number,
        prefix: areaCode,
        areaCode,
        city: meta.city,
        country: countryName(meta.countryIso),
        countryIso: meta.countryIso,
        region: meta.region,
        rateCenter: meta.rateCenter,
        lata: meta.lata,
        voiceEnabled: true,
        smsEnabled: true,
        // every 4th number has no MMS, so `services=mms` filters something
        mmsEnabled: i % 4 !== 3,
      };
      numbers.push(entry);
      byNumber.set(number, entry);
    });
    return { info, numbers, byNumber };
  }
}

/** Geography for any NANP number (used for numbers rented through the control API outside the inventory). */
export function describeNumber(number: string): { city: string; region: string; countryIso: 'US' | 'CA' } {
  const info = /^1\d{10}$/.test(number) ? areaCodeInfo(number.slice(1, 4)) : null;
  if (!info) return { city: 'Anytown', region: 'United States', countryIso: 'US' };
  return { city: info.city, region: info.region, countryIso: info.countryIso };
}
