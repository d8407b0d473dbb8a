/**
 * A strict reader of the Prometheus text exposition format (version 0.0.4), for tests: it
 * throws, naming the line, on anything a Prometheus server would refuse, and checks what the
 * conventions promise (counters end in `_total`, histogram buckets are cumulative and end with
 * `+Inf` equal to `_count`).
 */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}
export interface Family {
  name: string;
  type: 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';
  help: string;
  samples: Sample[];
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const SUFFIXES: Record<Family['type'], string[]> = {
  counter: [''],
  gauge: [''],
  untyped: [''],
  histogram: ['_bucket', '_sum', '_count'],
  summary: ['', '_sum', '_count'],
};

function parseValue(raw: string, where: string): number {
  // As Prometheus reads them (Go's ParseFloat): any case; prom-client writes NaN as "Nan".
  if (/^\+?inf$/i.test(raw)) return Infinity;
  if (/^-inf$/i.test(raw)) return -Infinity;
  if (/^nan$/i.test(raw)) return NaN;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(raw)) throw new Error(`${where}: bad value "${raw}"`);
  return Number(raw);
}

function parseLabels(s: string, where: string): Record<string, string> {
  const out: Record<string, string> = {};
  let i = 0;
  while (i < s.length) {
    const eq = s.indexOf('=', i);
    if (eq < 0) throw new Error(`${where}: label without "="`);
    const name = s.slice(i, eq).trim();
    if (!LABEL.test(name)) throw new Error(`${where}: bad label name "${name}"`);
    if (s[eq + 1] !== '"') throw new Error(`${where}: label ${name} is not quoted`);
    let j = eq + 2;
    let value = '';
    for (; j < s.length && s[j] !== '"'; j++) {
      if (s[j] === '\\') {
        const c = s[++j];
        if (c === 'n') value += '\n';
        else if (c === '\\' || c === '"') value += c;
        else throw new Error(`${where}: bad escape in label ${name}`);
      } else value += s[j];
    }
    if (s[j] !== '"') throw new Error(`${where}: unterminated label ${name}`);
    if (name in out) throw new Error(`${where}: label ${name} twice`);
    out[name] = value;
    i = j + 1;
    if (s[i] === ',') i++;
    else if (i < s.length) throw new Error(`${where}: expected "," after label ${name}`);
  }
  return out;
}

export function parsePrometheusText(text: string): Map<string, Family> {
  const families = new Map<string, Family>();
  const familyOf = (sample: string): Family | undefined => {
    for (const f of families.values()) if (SUFFIXES[f.type].some((s) => f.name + s === sample)) return f;
    return undefined;
  };
  text.split('\n').forEach((line, n) => {
    const where = `line ${n + 1}`;
    if (line === '') return;
    const meta = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
    if (meta) {
      const [, kind, name = '', rest = ''] = meta;
      if (!NAME.test(name)) throw new Error(`${where}: bad metric name "${name}"`);
      const f = families.get(name) ?? { name, type: 'untyped' as const, help: '', samples: [] };
      if (kind === 'TYPE') {
        if (!(rest in SUFFIXES)) throw new Error(`${where}: unknown type "${rest}"`);
        if (f.samples.length > 0) throw new Error(`${where}: TYPE of ${name} after its samples`);
        f.type = rest as Family['type'];
      } else f.help = rest;
      families.set(name, f);
      return;
    }
    if (line.startsWith('#')) return;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)(?: (-?\d+))?$/.exec(line);
    if (!m) throw new Error(`${where}: not a sample: ${line}`);
    const [, name = '', labels = '', value = ''] = m;
    const f = familyOf(name);
    if (!f) throw new Error(`${where}: sample ${name} has no TYPE before it`);
    f.samples.push({ name, labels: parseLabels(labels, where), value: parseValue(value, where) });
  });
  for (const f of families.values()) {
    if (f.type === 'counter' && !f.name.endsWith('_total')) throw new Error(`counter ${f.name} does not end in _total`);
    if (f.type === 'histogram') checkHistogram(f);
  }
  return families;
}

function checkHistogram(f: Family): void {
  const series = new Map<string, { buckets: [number, number][]; count?: number }>();
  const keyOf = (l: Record<string, string>) => JSON.stringify(Object.entries(l).filter(([k]) => k !== 'le').sort());
  for (const s of f.samples) {
    const e = series.get(keyOf(s.labels)) ?? { buckets: [] };
    series.set(keyOf(s.labels), e);
    if (s.name.endsWith('_bucket')) e.buckets.push([parseValue(s.labels.le ?? '', `${f.name} le`), s.value]);
    else if (s.name.endsWith('_count')) e.count = s.value;
  }
  for (const [k, e] of series) {
    const last = e.buckets[e.buckets.length - 1];
    if (!last || last[0] !== Infinity || last[1] !== e.count) throw new Error(`${f.name}${k}: +Inf bucket missing or not _count`);
    e.buckets.forEach(([le, v], i) => {
      const prev = e.buckets[i - 1];
      if (prev && (le <= prev[0] || v < prev[1])) throw new Error(`${f.name}${k}: buckets not cumulative`);
    });
  }
}

/** The value of the one sample `name` whose labels include `labels`; undefined when none. */
export function sampleValue(families: Map<string, Family>, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const f of families.values()) {
    const hit = f.samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
    if (hit) return hit.value;
  }
  return undefined;
}
