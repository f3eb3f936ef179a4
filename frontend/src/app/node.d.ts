// The catalogue test (errorWords.test.ts) reads docs/ERRORS.md from the repository with node:fs.
// The project has no Node type package, so this declares the one function it uses.
declare module 'node:fs' {
  export function readFileSync(path: string, encoding: 'utf8'): string;
}
