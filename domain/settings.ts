/**
 * Settings from their defaults and the options given, where an option given as undefined (an unset
 * environment variable, an omitted field) keeps its default rather than erasing it.
 */
export function withDefaults<T extends object>(defaults: T, options: Partial<T> = {}): T {
  const given = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as Partial<T>;
  return { ...defaults, ...given };
}
