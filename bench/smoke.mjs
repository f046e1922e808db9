// Smoke mode against the full crawl: which of the full crawl's findings a
// `--smoke` run also reports. Findings are compared as `probe/messageId
// severity path` (bench/tools.mjs): the ones that matter for a gate are the
// warnings and errors, by id and URL; info findings are facts about the pass
// itself (what was sampled, how much media was checked) and are compared by
// id only. Smoke mode's own statement of its sample is left out.

const SMOKE_STATEMENT = 'crawl-coverage/smokeSample';

function parse(key) {
  const [id, severity, path = ''] = key.split(' ');
  return { id, severity, path };
}

const matters = (f) => f.severity === 'error' || f.severity === 'warning';

/** Recall of the full crawl's findings by a smoke run: the figures and what it missed. */
export function smokeRecall(fullKeys, smokeKeys) {
  const full = fullKeys.map(parse).filter((f) => f.id !== SMOKE_STATEMENT);
  const smoke = smokeKeys.map(parse).filter((f) => f.id !== SMOKE_STATEMENT);
  const smokeWithUrl = new Set(smoke.map((f) => `${f.id} ${f.path}`));
  const smokeIds = new Set(smoke.map((f) => f.id));
  const important = [...new Set(full.filter(matters).map((f) => `${f.id} ${f.path}`))];
  const ids = [...new Set(full.map((f) => f.id))];
  const missedImportant = important.filter((k) => !smokeWithUrl.has(k));
  const missedIds = ids.filter((id) => !smokeIds.has(id));
  const fullIds = new Set(ids);
  return {
    warningsAndErrors: important.length,
    warningsAndErrorsRecall: important.length === 0 ? 1 : (important.length - missedImportant.length) / important.length,
    missedWarningsAndErrors: missedImportant,
    ids: ids.length,
    idRecall: ids.length === 0 ? 1 : (ids.length - missedIds.length) / ids.length,
    missedIds,
    /** Reported by smoke only (a finding the full crawl did not make: a false alarm of sampling, if any). */
    smokeOnlyIds: [...smokeIds].filter((id) => !fullIds.has(id)),
  };
}
