// Types of scripts/cli/bundle.mjs, which is plain JavaScript so it can run before TypeScript can.

export declare const BUNDLE_DIR: string;

/** The URL of the bundle's entry module, or null when there is none or a source changed since it was built. */
export declare function freshBundle(dir?: string): string | null;

/** Builds the bundle into `dir` (dist/cli/ by default), replacing what was there once complete. */
export declare function buildBundle(dir?: string): Promise<{ dir: string; files: number; sources: number }>;
