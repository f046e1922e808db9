// The GitHub Action (action.yml) and the workflow the README shows: both valid
// for GitHub's schemas (action-validator), the README's recipe is the file the
// tests validate, and the action's own shell steps, run here as the runner
// would run them, pass the tool's exit code through while the uploads still
// get their reports.
import t from 'tap';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadStack } from '../stack/profiles.js';
import { VERSION } from '../../src/version.js';
import { ROOT, cleanEnv, run, said, type Ran } from './tools.js';

interface Step {
  name?: string;
  id?: string;
  if?: string;
  uses?: string;
  run?: string;
  shell?: string;
  'working-directory'?: string;
  with?: Record<string, string>;
  env?: Record<string, string>;
}
interface Action {
  name: string;
  inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}
interface Workflow {
  jobs: Record<string, { permissions?: Record<string, string>; steps: Step[] }>;
}

const ACTION_FILE = join(ROOT, 'action.yml');
const WORKFLOW_FILE = join(ROOT, 'docs', 'examples', 'github-workflow.yml');
const action = parse(readFileSync(ACTION_FILE, 'utf8')) as Action;
const workflow = parse(readFileSync(WORKFLOW_FILE, 'utf8')) as Workflow;
const steps = action.runs.steps;
const step = (predicate: (s: Step) => boolean, what: string): Step => {
  const found = steps.find(predicate);
  if (!found) throw new Error(`action.yml has no step that ${what}`);
  return found;
};

const scratch = await mkdtemp(join(tmpdir(), 'wagtail-probe-action-'));
t.teardown(() => rm(scratch, { recursive: true, force: true }));

t.test('action-validator accepts action.yml and the example workflow', async (t) => {
  const validator = join(ROOT, 'node_modules', '.bin', 'action-validator');
  for (const file of [ACTION_FILE, WORKFLOW_FILE]) {
    const ran = await run(validator, [file], { cwd: ROOT });
    t.equal(ran.code, 0, `${file}: ${ran.stdout}${ran.stderr}`);
  }
});

t.test("the README's workflow is docs/examples/github-workflow.yml, word for word", async (t) => {
  const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
  const section = /^### In CI \(GitHub Actions\)\n([\s\S]*?)^#{2,3} /m.exec(readme)?.[1] ?? '';
  const block = /^```yaml\n([\s\S]*?)^```$/m.exec(section)?.[1];
  t.equal(block, readFileSync(WORKFLOW_FILE, 'utf8'));
});

t.test('the example uses the action as the README says: by the path it checks out, with inputs the action has', async (t) => {
  const [job] = Object.values(workflow.jobs);
  const using = job?.steps.find((s) => s.uses?.startsWith('./'));
  t.ok(using, 'a step uses a local action');
  const checkout = job?.steps.find((s) => s.uses?.startsWith('actions/checkout@') && s.with?.path !== undefined);
  t.equal(using?.uses, `./${checkout?.with?.path}`, 'the action is the checkout of wagtail-probe');
  t.same(Object.keys(using?.with ?? {}).filter((key) => !(key in action.inputs)), [], 'every input given exists');
  t.equal(job?.permissions?.['security-events'], 'write', 'the SARIF upload may write code scanning alerts');
});

t.test('a composite action: Node 20, install from its own checkout, uploads that run even on failure', async (t) => {
  t.equal(action.runs.using, 'composite');
  const node = step((s) => s.uses?.startsWith('actions/setup-node@') === true, 'sets up Node');
  t.equal(node.with?.['node-version'], '${{ inputs.node-version }}');
  t.equal(action.inputs['node-version']?.default, '20');
  const install = step((s) => s.run?.includes('npm ci') === true, 'runs npm ci');
  t.equal(install['working-directory'], '${{ github.action_path }}', "installs in the action's own checkout");
  t.match(install.run, /npm run build/);
  const sarif = step((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@') === true, 'uploads SARIF');
  const junit = step((s) => s.uses?.startsWith('actions/upload-artifact@') === true, 'uploads the JUnit report');
  for (const upload of [sarif, junit]) t.match(upload.if, /^always\(\) && /, `${upload.name} runs after a failed probe too`);
  const last = steps.at(-1);
  t.equal(last?.if, 'always()', 'the last step always runs');
  t.match(last?.run, /exit "\$EXIT_CODE"/, "and ends with the probe's exit code");
  for (const s of steps) {
    if (s.run !== undefined) t.notMatch(s.run, /\$\{\{/, `${s.name}: inputs reach the script through env only`);
  }
  t.equal(action.outputs['exit-code']?.value, '${{ steps.probe.outputs.exit-code }}');
});

interface StepRun extends Ran {
  outputs: Record<string, string>;
}

/** Runs one `run:` step as the runner does (bash -eo pipefail, GITHUB_OUTPUT), its `${{ }}` expanded from these values. */
async function runStep(s: Step, inputs: Record<string, string>, context: { cwd: string; outputs?: Record<string, string> }): Promise<StepRun> {
  const expand = (text: string): string =>
    text.replace(/\$\{\{\s*([^}]*?)\s*\}\}/g, (_, expression: string) => {
      let m: RegExpExecArray | null;
      if (expression === 'github.action_path') return ROOT.replace(/\/$/, '');
      if ((m = /^inputs\.([\w-]+)$/.exec(expression))) {
        if (!(m[1]! in action.inputs)) throw new Error(`${s.name}: no input ${m[1]}`);
        return inputs[m[1]!] ?? action.inputs[m[1]!]?.default ?? '';
      }
      if ((m = /^steps\.probe\.outputs\.([\w-]+)$/.exec(expression))) return context.outputs?.[m[1]!] ?? '';
      throw new Error(`${s.name}: this test cannot evaluate \${{ ${expression} }}`);
    });
  const dir = await mkdtemp(join(scratch, 'step-'));
  const script = join(dir, 'step.sh');
  const output = join(dir, 'output');
  await writeFile(script, s.run ?? '');
  await writeFile(output, '');
  const env = cleanEnv({ GITHUB_OUTPUT: output, ...Object.fromEntries(Object.entries(s.env ?? {}).map(([k, v]) => [k, expand(v)])) });
  const cwd = s['working-directory'] !== undefined ? expand(s['working-directory']) : context.cwd;
  const ran = await run('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], { cwd, env, timeoutMs: 120_000 });
  const outputs = Object.fromEntries((await readFile(output, 'utf8')).split('\n').filter(Boolean).map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
  return { ...ran, outputs };
}

const probeStep = step((s) => s.id === 'probe', 'has id probe');
const endStep = steps.at(-1)!;

t.test('the install step finds the tool already built here and says which', async (t) => {
  const install = step((s) => s.run?.includes('npm ci') === true, 'runs npm ci');
  if (!existsSync(join(ROOT, 'dist', 'src', 'bin.js'))) throw new Error('dist/src/bin.js is missing: run npm run build');
  // With dist/ and node_modules/ in place it installs nothing, so it can run in this very checkout.
  const ran = await runStep(install, {}, { cwd: ROOT });
  t.equal(ran.code, 0, said(ran));
  t.match(ran.stdout, `wagtail-probe ${VERSION} is already built in`);
});

t.test('a passing run: reports written, exit code 0 passed on, the end step passes', async (t) => {
  const { hardened } = loadStack().profiles;
  const workspace = await mkdtemp(join(scratch, 'workspace-'));
  const ran = await runStep(probeStep, {
    target: hardened.baseUrl,
    'sarif-file': 'reports/probe.sarif',
    'junit-file': 'probe.xml',
    // One per line, blank lines and the spaces around them ignored.
    args: `--ca=${hardened.caFile}\n   --plain-http-url=${hardened.httpUrl}  \n\n--probe=deploy-checks\n`,
  }, { cwd: workspace });
  t.equal(ran.code, 0, said(ran));
  t.same(ran.outputs, { 'exit-code': '0', 'sarif-written': 'true', 'junit-written': 'true' });
  const sarif = JSON.parse(await readFile(join(workspace, 'reports', 'probe.sarif'), 'utf8')) as { version: string; runs: { tool: { driver: { name: string } } }[] };
  t.equal(sarif.version, '2.1.0');
  t.equal(sarif.runs[0]?.tool.driver.name, 'wagtail-probe');
  t.match(await readFile(join(workspace, 'probe.xml'), 'utf8'), /<testsuites /);
  t.match(ran.stdout, /deploy-checks/, 'a pretty report in the log');
  const end = await runStep(endStep, {}, { cwd: workspace, outputs: ran.outputs });
  t.equal(end.code, 0, said(end));
});

t.test('a failing run: the probe step still succeeds (so the uploads run), the end step fails with exit 1', async (t) => {
  const { debug } = loadStack().profiles;
  const workspace = await mkdtemp(join(scratch, 'workspace-'));
  const ran = await runStep(probeStep, { target: debug.baseUrl, 'sarif-file': 'probe.sarif', 'fail-on': 'error', args: '--probe=deploy-checks' }, { cwd: workspace });
  t.equal(ran.code, 0, said(ran));
  t.same(ran.outputs, { 'exit-code': '1', 'sarif-written': 'true' });
  const end = await runStep(endStep, {}, { cwd: workspace, outputs: ran.outputs });
  t.equal(end.code, 1);
  t.match(end.stdout, '::error title=wagtail-probe::findings at or above fail-on (exit 1)');
});

t.test('bad usage: exit 2, no report to upload, the end step fails with exit 2', async (t) => {
  const workspace = await mkdtemp(join(scratch, 'workspace-'));
  const ran = await runStep(probeStep, { target: 'http://127.0.0.1:9/', 'sarif-file': 'probe.sarif', 'fail-on': 'loud' }, { cwd: workspace });
  t.equal(ran.code, 0, said(ran));
  t.same(ran.outputs, { 'exit-code': '2' }, 'no sarif-written: the upload step is skipped');
  const end = await runStep(endStep, {}, { cwd: workspace, outputs: ran.outputs });
  t.equal(end.code, 2);
  const notRun = await runStep(endStep, {}, { cwd: workspace, outputs: {} });
  t.equal(notRun.code, 1, 'a probe step that never ran fails the end step too');
});
