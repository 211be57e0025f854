import { useRevalidator } from "@remix-run/react";
import { useEffect } from "react";

/** While `active`, reloads the page's data every `ms` milliseconds (skipping a tick while a reload is still running). */
export function useRevalidateWhile(active: boolean, ms: number) {
  const revalidator = useRevalidator();
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => revalidator.state === "idle" && revalidator.revalidate(), ms);
    return () => clearInterval(timer);
  }, [active, ms, revalidator]);
}
