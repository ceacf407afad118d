// Names a PromQL expression refers to, without a full parser (promtool parses the
// expressions separately): the metric names of its selectors, the label names of
// its matchers, and the labels of its by/without/on/ignoring/group_* clauses.
const KEYWORDS = new Set(['and', 'or', 'unless', 'by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'offset', 'bool', 'atan2', 'inf', 'nan']);

// Grafana's variables, replaced by values of the same PromQL kind.
export function expandGrafanaVars(expr) {
  return expr
    .replace(/\$__rate_interval|\$__interval|\$__range|\$\{__rate_interval\}/g, '5m')
    .replace(/\$\{?(\w+)\}?/g, '.*');
}

export function promqlNames(expr) {
  const metrics = [];
  const matcherLabels = [];
  const groupingLabels = [];
  // Strings first: their contents are values, not names.
  let s = expr.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""');
  for (const m of s.matchAll(/\b(by|without|on|ignoring|group_left|group_right)\s*\(([^)]*)\)/g))
    groupingLabels.push(...m[2].split(',').map((x) => x.trim()).filter(Boolean));
  s = s.replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  // Selector braces: {label op "value", ...}, attached to the metric name before them.
  const selectors = [];
  s = s.replace(/([a-zA-Z_:][\w:]*)?\s*\{([^}]*)\}/g, (_, name, body) => {
    const labels = [...body.matchAll(/([a-zA-Z_]\w*)\s*(=~|!~|!=|=)/g)].map((x) => x[1]);
    matcherLabels.push(...labels);
    selectors.push({ name: name || null, labels });
    return name ? ` ${name} ` : ' ';
  });
  s = s.replace(/\[[^\]]*\]/g, ' '); // range and subquery durations
  for (const m of s.matchAll(/([a-zA-Z_:][\w:]*)(\s*\()?/g)) {
    const [, word, call] = m;
    if (call || KEYWORDS.has(word.toLowerCase())) continue;
    if (/^\d/.test(word)) continue;
    metrics.push(word);
  }
  return { metrics: [...new Set(metrics)], matcherLabels, groupingLabels, selectors };
}
