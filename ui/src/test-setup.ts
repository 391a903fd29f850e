// Every test starts in English; a test that switches language does so itself.
import { beforeEach } from "vitest";
import { setLanguage } from "./i18n";

beforeEach(() => setLanguage("en"));
