"use client";

import { useMutation, useQueryClient, type QueryKey } from "@tanstack/react-query";
import { useRef } from "react";
import { ApiError, fetchJson } from "@/components/api/fetch-json";

/** A failed request's messages per field ("body.name" → "name"); none for other failures. */
export function fieldErrorsOf(error: unknown): Record<string, string> {
  return error instanceof ApiError ? error.fieldErrors() : {};
}

/** Marks these queries stale and refetches them; the promise settles when all have. */
export function useInvalidate(...keys: QueryKey[]): () => Promise<unknown> {
  const queryClient = useQueryClient();
  return () => Promise.all(keys.map((queryKey) => queryClient.invalidateQueries({ queryKey })));
}

/**
 * A form that POSTs its body to `url`: cleared once the server accepts it (a
 * secret or password leaves the page then), after which the queries under
 * `invalidate` are refetched.
 */
export function usePostForm<TBody, TResult>({ url, invalidate = [], onDone }: { url: string; invalidate?: QueryKey[]; onDone?: (result: TResult) => void }) {
  const formRef = useRef<HTMLFormElement>(null);
  const refetch = useInvalidate(...invalidate);
  const mutation = useMutation({
    mutationFn: (body: TBody) => fetchJson<TResult>(url, { method: "POST", body }),
    onSuccess: (result) => {
      formRef.current?.reset();
      onDone?.(result);
    },
    onSettled: refetch,
  });
  return { formRef, mutation, fieldErrors: fieldErrorsOf(mutation.error) };
}
