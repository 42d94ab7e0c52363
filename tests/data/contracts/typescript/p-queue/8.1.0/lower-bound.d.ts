export default function lowerBound<T>(array: readonly T[], value: T, comparator: (a: T, b: T) => number): number;
