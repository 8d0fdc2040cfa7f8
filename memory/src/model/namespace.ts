import { z } from "zod";

/**
 * A namespace scopes every read and write (tenant, user, agent). It is a plain string, safe to use
 * as a property value in any backend; we restrict its alphabet so it can also name files, keys and
 * collections without escaping, and never collides after normalisation.
 */
export const NAMESPACE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:@/-]{0,127}$/;

export const namespaceSchema = z
  .string({ error: "namespace must be a string" })
  .min(1, "namespace must not be empty")
  .regex(NAMESPACE_PATTERN, "namespace must be 1-128 characters of letters, digits and . _ : @ / -, starting with a letter or digit");

export const DEFAULT_NAMESPACE = "default";
