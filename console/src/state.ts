/** A tiny observable value; the app re-renders when one it reads changes. */
export interface Signal<T> {
  get(): T;
  set(value: T): void;
  subscribe(fn: () => void): () => void;
}

export const signal = <T>(initial: T): Signal<T> => {
  let value = initial;
  const subs = new Set<() => void>();
  return {
    get: () => value,
    set: (v) => {
      value = v;
      subs.forEach((fn) => fn());
    },
    subscribe: (fn) => {
      subs.add(fn);
      return () => subs.delete(fn);
    },
  };
};
