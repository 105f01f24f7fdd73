// The words of the command table (./commands.ts): what a command takes and
// what it returns.
import type { ArgumentKind } from './arguments.js';

/**
 * A command's argument: its name, for messages, and the kind of schema that
 * checks it. A command takes at most one: several values travel as one
 * object whose fields its schema names.
 */
export interface Argument<K extends ArgumentKind = ArgumentKind, Optional extends boolean = boolean> {
  readonly name: string;
  readonly kind: K;
  /** An optional argument may be left out or be null (JSON has no undefined). */
  readonly optional: Optional;
}

/** The type a command resolves to. Only a type: the host is trusted, its answers are not checked. */
export interface Returns<T> {
  readonly result?: T;
}

export interface CommandSpec {
  readonly takes: Argument | null;
  readonly returns: Returns<unknown>;
}

export function takes<const K extends ArgumentKind>(name: string, kind: K): Argument<K, false> {
  return { name, kind, optional: false };
}

export function mayTake<const K extends ArgumentKind>(name: string, kind: K): Argument<K, true> {
  return { name, kind, optional: true };
}

export function returns<T>(): Returns<T> {
  return {};
}
