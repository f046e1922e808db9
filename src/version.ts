// The tool's version, sent in the User-Agent and written into every report.
// Kept in step with package.json by test/version.test.ts.
export const VERSION = '0.1.0';
