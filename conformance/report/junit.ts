import type { RunReport } from './results.ts';

// JUnit XML: one testsuite per adapter, one testcase per rule, with the rule ID, the
// adapter and the seed as properties, so CI systems key results by rule, not by title.

export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    // XML 1.0 forbids most control characters even when escaped.
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '');
}

export function toJUnit(report: RunReport): string {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<testsuites name="syncspec">'];
  for (const adapter of report.adapters) {
    const failures = adapter.results.filter((r) => r.status === 'fail' || r.status === 'unexpected-pass' || r.status === 'unknown').length;
    const errors = adapter.results.filter((r) => r.status === 'error').length;
    const skipped = adapter.results.filter((r) => r.status === 'n/a' || r.status === 'expected-fail').length;
    const time = adapter.results.reduce((t, r) => t + r.durationMs, 0) / 1000;
    lines.push(
      `  <testsuite name="${escapeXml(adapter.name)}" tests="${adapter.results.length}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${time.toFixed(3)}">`,
    );
    for (const r of adapter.results) {
      lines.push(`    <testcase name="${escapeXml(r.rule)}" classname="syncspec.${escapeXml(adapter.name)}" time="${(r.durationMs / 1000).toFixed(3)}">`);
      lines.push('      <properties>');
      lines.push(`        <property name="rule" value="${escapeXml(r.rule)}"/>`);
      lines.push(`        <property name="adapter" value="${escapeXml(adapter.name)}"/>`);
      lines.push(`        <property name="seed" value="${report.seed}"/>`);
      lines.push(`        <property name="status" value="${r.status}"/>`);
      if (r.replay !== undefined) lines.push(`        <property name="replay" value="${escapeXml(r.replay)}"/>`);
      lines.push('      </properties>');
      const detail = [r.message, r.counterexample?.timeline, r.counterexample?.diagnosis].filter((x) => x !== undefined).join('\n\n');
      if (r.status === 'fail' || r.status === 'unexpected-pass' || r.status === 'unknown') {
        lines.push(`      <failure message="${escapeXml(r.message ?? r.status)}" type="${r.status}">${escapeXml(detail)}</failure>`);
      } else if (r.status === 'error') {
        lines.push(`      <error message="${escapeXml(r.message ?? 'error')}" type="error">${escapeXml(detail)}</error>`);
      } else if (r.status === 'n/a' || r.status === 'expected-fail') {
        lines.push(`      <skipped message="${escapeXml(r.message ?? r.status)}"/>`);
      }
      lines.push('    </testcase>');
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return lines.join('\n') + '\n';
}
