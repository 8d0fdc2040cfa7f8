import { existsSync } from "node:fs";
import { delimiter, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromium, type Browser, type Page } from "playwright-core";
import { createMemory, type Memory } from "@hippograph/memory";
import { startStudio, type StudioServer, type WireAgentGraph, type WireAgentRun, type WireRetrieval } from "@hippograph/studio";

/**
 * The studio page in a real browser: Debian's Chromium through playwright-core (.ci/run installs it;
 * CHROMIUM_PATH names another). Where none is installed the suite is skipped with the reason printed.
 * WebGL runs on SwiftShader, Chromium's software renderer, so no GPU is needed.
 */
/** CHROMIUM_PATH, else `chromium` or `chromium-browser` on the PATH: what .ci/run looks for before installing one. */
const executable = process.env.CHROMIUM_PATH ?? (process.env.PATH ?? "").split(delimiter).flatMap((dir) => ["chromium", "chromium-browser"].map((name) => join(dir, name))).find((p) => existsSync(p));
const QUERY = "what is the name of the grey cat?";
const AGENT: WireAgentGraph = {
  name: "react", description: "a ReAct loop",
  nodes: [
    { id: "START", type: "start", detail: "entry" }, { id: "agent", type: "llm", detail: "model m, tools search" },
    { id: "route", type: "router", detail: "1 route, default END" }, { id: "tools", type: "tool", detail: "runs search" }, { id: "END", type: "end", detail: "exit" },
  ],
  edges: [
    { from: "START", to: "agent", when: null }, { from: "agent", to: "route", when: null }, { from: "tools", to: "agent", when: null },
    { from: "route", to: "tools", when: "messages has_tool_calls" }, { from: "route", to: "END", when: "default" },
  ],
};

const RUN: WireAgentRun = {
  graph: "react", label: "run.json",
  steps: [{ node: "agent", update: { messages: [{ type: "ai", content: "", tool_calls: [{ name: "search" }] }] } }, { node: "route", update: {} }, { node: "tools", update: { messages: [{ type: "tool", content: "Pixel is a cat" }] } }],
};

let memory: Memory;
let studio: StudioServer;
let browser: Browser;

async function open(path: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  await page.goto(`${studio.url}${path}`);
  return { page, errors };
}

const settled = (page: Page) => page.waitForSelector("body[data-state=done], body[data-state=error]", { timeout: 20_000 });

if (!executable) {
  const reason = "no Chromium found (set CHROMIUM_PATH, or `apt-get install chromium`)";
  console.info(`[studio page] skipped: ${reason}`);
  describe.skip(`studio page — skipped: ${reason}`, () => {
    it("renders a retrieval", () => {});
  });
} else {
  describe("studio page in Chromium", () => {
    beforeAll(async () => {
      memory = await createMemory({ namespace: "chat" });
      await memory.ingest([
        { id: "a1", text: "I adopted a grey cat last week, her name is Pixel.", speaker: "Ines", thread: "t", source: { id: "test" } },
        { id: "a2", text: "Pixel is a great name! Does she like the flat?", speaker: "Rui", thread: "t", source: { id: "test" } },
        { id: "a3", text: "She sleeps on the balcony, <img src=x onerror=\"document.title='pwned'\"> watching pigeons.", speaker: "Ines", thread: "t", source: { id: "test" } },
        { id: "a4", text: "I'm training for the Lisbon half marathon.", speaker: "Rui", thread: "t", source: { id: "test" } },
      ], { structures: ["events", "notes"] });
      studio = await startStudio({ memory, port: 0, agentGraphs: [AGENT], agentRuns: [RUN] });
      browser = await chromium.launch({ executablePath: executable, args: ["--use-angle=swiftshader", "--enable-unsafe-swiftshader", "--no-sandbox"] });
    }, 60_000);
    afterAll(async () => {
      await browser?.close();
      await studio?.close();
      await memory?.close();
    });

    it("runs a query from the address bar: every operator listed, the best item inspected, the graph drawn", async () => {
      const api = (await (await fetch(`${studio.url}/api/retrieve`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: QUERY, ns: "chat" }) })).json()) as WireRetrieval;
      const { page, errors } = await open(`/?q=${encodeURIComponent(QUERY)}`);
      await settled(page);
      expect(await page.evaluate(() => document.body.dataset["state"])).toBe("done");
      expect(await page.locator("#steps .step .name").allTextContents()).toEqual(api.steps.map((s) => s.step));
      const best = api.nodes.find((n) => n.id === api.ranking[0])!;
      expect(await page.locator("#inspector h3").first().textContent()).toBe(`${best.kind} · rank 1`);
      expect(await page.locator("#inspector p").first().textContent()).toBe(best.text);
      const canvas = await page.locator("#graph canvas").first().boundingBox();
      expect(canvas!.width).toBeGreaterThan(100);
      // The labels layer is a 2D canvas, so its pixels can be read back: labels were drawn where nodes were placed.
      const inked = await page.evaluate(() => {
        const labels = document.querySelector<HTMLCanvasElement>("#graph canvas.sigma-labels")!;
        const { data } = labels.getContext("2d")!.getImageData(0, 0, labels.width, labels.height);
        let n = 0;
        for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) n++;
        return n;
      });
      expect(inked).toBeGreaterThan(100);
      expect(await page.locator(".legend").textContent()).toContain("episode");
      expect(errors).toEqual([]);
      await page.close();
    });

    it("lists a step's output when its card is clicked", async () => {
      const { page } = await open(`/?q=${encodeURIComponent(QUERY)}`);
      await settled(page);
      await page.locator("#steps .step", { hasText: "bm25" }).first().click();
      expect(await page.locator("#inspector h3").textContent()).toBe("bm25 (bm25)");
      expect(await page.locator("#inspector li").count()).toBeGreaterThan(0);
      await page.close();
    });

    it("shows memory text as text: markup in a memory does not run", async () => {
      const { page } = await open(`/?q=${encodeURIComponent("balcony pigeons")}`);
      await settled(page);
      await page.locator("#steps .step", { hasText: "bm25" }).first().click();
      await page.locator("#inspector li", { hasText: "balcony" }).first().click();
      expect(await page.locator("#inspector p").first().textContent()).toContain("<img src=x");
      expect(await page.locator("#inspector img").count()).toBe(0);
      expect(await page.title()).toBe("Hippograph studio");
      await page.close();
    });

    it("draws the newest query's answer when an older one arrives later", async () => {
      const { page } = await open("/");
      await page.route("**/api/retrieve", async (route) => {
        if ((route.request().postDataJSON() as { query: string }).query.includes("balcony")) await new Promise((r) => setTimeout(r, 1500));
        await route.continue();
      });
      await page.waitForSelector("#steps p >> text=nodes:");
      await page.locator("#query").fill("balcony pigeons");
      await page.locator("#query").press("Enter");
      await page.locator("#query").fill("Lisbon half marathon");
      await page.locator("#query").press("Enter");
      await page.waitForSelector("body[data-state=done]");
      await page.waitForTimeout(2000); // the slow answer has arrived by now, and must have been dropped
      expect(await page.locator("#inspector p").first().textContent()).toContain("marathon");
      await page.close();
    });

    it("shows an agent graph it was started with: its nodes, a router's branches with their conditions, a recorded run step by step", async () => {
      const { page, errors } = await open("/");
      await page.waitForSelector("#view option[value=react]", { state: "attached" });
      await page.locator("#view").selectOption("react");
      expect(await page.locator("#steps h3").textContent()).toBe("Agent graph react");
      await page.locator("#steps li", { hasText: "route (router)" }).click();
      expect(await page.locator("#inspector h3").textContent()).toBe("route · router");
      expect(await page.locator("#inspector ul").nth(1).textContent()).toContain("tools  when messages has_tool_calls");
      expect(await page.locator("#steps h4").textContent()).toBe("Run run.json (3 steps)");
      await page.locator("#steps ol.run li").nth(2).click();
      expect(await page.locator("#inspector h3").textContent()).toBe("step 3 of 3 · tools");
      expect(await page.locator("#inspector p").first().textContent()).toBe("run run.json; came from route");
      expect(await page.locator("#inspector pre").textContent()).toContain("Pixel is a cat");
      expect(errors).toEqual([]);
      await page.close();
    });

    it("opens on what the namespace holds, and names the bad field of an edited pipeline", async () => {
      const { page } = await open("/");
      await page.waitForFunction(() => (document.getElementById("pipeline") as HTMLTextAreaElement).value.length > 0);
      const counts = await memory.stats({ ns: "chat" });
      await page.waitForSelector("#steps p >> text=nodes:");
      expect(await page.locator("#steps").textContent()).toContain(`episode ${counts.nodes["episode"]}`);
      await page.locator("#edit").click();
      await page.locator("#pipeline").fill(JSON.stringify([{ op: "bm25", k: -1 }]));
      await page.locator("#pipeline-close").click();
      await page.locator("#query").fill("cat");
      await page.locator("#run").click();
      await settled(page);
      expect(await page.locator("#inspector .error").textContent()).toContain("steps[0].k");
      await page.close();
    });
  });
}
