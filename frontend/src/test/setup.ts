import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach, beforeEach, vi } from 'vitest';
import { NOW_MS } from './now';

// Mantine reads media queries and observes element sizes; jsdom implements neither.
Object.defineProperty(window, 'matchMedia', {
  writable: true,
  value: (query: string) => ({
    matches: false,
    media: query,
    onchange: null,
    addListener: () => {},
    removeListener: () => {},
    addEventListener: () => {},
    removeEventListener: () => {},
    dispatchEvent: () => false,
  }),
});

window.ResizeObserver = class {
  observe() {}
  unobserve() {}
  disconnect() {}
};

// Mantine's autosizing textarea listens for web fonts loading; jsdom has no font set.
if (!('fonts' in document)) {
  Object.defineProperty(document, 'fonts', {
    value: { addEventListener: () => {}, removeEventListener: () => {}, ready: Promise.resolve() },
  });
}

// Whole-app screen tests take a few seconds each in jsdom; with every file running in parallel on a
// small machine the default 5 s is too tight for the longer ones (they pass alone in 3 s).
vi.setConfig({ testTimeout: 15_000 });

// Every test starts at the same instant (src/test/now.ts), whatever the day it runs on. Only Date is
// faked: setTimeout, setInterval and friends stay real, so testing-library's waitFor and findBy,
// React Query and Mantine's transitions work as usual, and Date moves on with real time from NOW.
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
  vi.setSystemTime(NOW_MS);
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.useRealTimers();
});
