/**
 * CXone durations in every form the Reporting API sends: ISO-8601
 * (`PT5M12.4S`, `P1DT2H`), `HH:MM:SS(.fff)`, or seconds as a number or a
 * numeric string. Anything else is missing (null), never 0.
 */
import { toNumber } from '../kpi.js';

const ISO = /^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;
const CLOCK = /^(\d+):([0-5]?\d):([0-5]?\d(?:\.\d+)?)$/;

export function durationSeconds(raw: unknown): number | null {
  if (typeof raw === 'number') return toNumber(raw);
  if (typeof raw !== 'string') return null;
  const s = raw.trim();
  const iso = ISO.exec(s);
  if (iso && s !== 'P' && s !== 'PT') {
    const [, d, h, m, sec] = iso;
    return Number(d ?? 0) * 86_400 + Number(h ?? 0) * 3600 + Number(m ?? 0) * 60 + Number(sec ?? 0);
  }
  const clock = CLOCK.exec(s);
  if (clock) return Number(clock[1]) * 3600 + Number(clock[2]) * 60 + Number(clock[3]);
  return toNumber(s);
}

/** ISO-8601 duration of a number of seconds, as the simulator sends them. */
export function isoDuration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = Math.round((seconds % 60) * 1000) / 1000;
  return `PT${h ? `${h}H` : ''}${m ? `${m}M` : ''}${s || (!h && !m) ? `${s}S` : ''}`;
}
