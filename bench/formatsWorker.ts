/**
 * Ingest time and memory of the new formats, in a fresh process: 1,000 web
 * pages (articles with navigation, cookie banner, related box and footer)
 * and one 500-page PDF, both generated from the SQuAD paragraphs. Prints one
 * JSON line.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadCorpus } from "../src/corpus/loadCorpus.js";
import { SearchIndex } from "../src/index/SearchIndex.js";
import { loadSquad } from "./squad.js";

export interface FormatsResult {
  readonly pages: {
    readonly count: number;
    readonly paragraphs: number;
    readonly loadMs: number;
    readonly indexMs: number;
    readonly heapMb: number;
    readonly rssMb: number;
  };
  readonly pdf: {
    readonly pages: number;
    readonly paragraphs: number;
    readonly bytes: number;
    readonly loadMs: number;
    readonly indexMs: number;
    readonly heapMb: number;
    readonly rssMb: number;
  };
}

const paragraphs = loadSquad().paragraphs.flat();
const escapeHtml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;");

function webPage(n: number): string {
  const body = [0, 1, 2, 3].map((i) => `<p>${escapeHtml(paragraphs[(n * 4 + i) % paragraphs.length] ?? "")}</p>`).join("\n");
  return `<!doctype html><html><head><title>Story ${n} | Bench Courier</title><meta property="article:published_time" content="2025-${String((n % 12) + 1).padStart(2, "0")}-10T08:00:00Z"></head>
<body><div class="cookie-banner"><p>We use cookies to improve your experience.</p><button>Accept</button></div>
<header><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav></header>
<main><article><h1>Story ${n}</h1><h2>Background</h2>${body}</article>
<aside class="most-read"><h2>Most read</h2><ol><li><a href="/a">Another story</a></li><li><a href="/b">Yet another</a></li></ol></aside></main>
<footer><p>© Bench Courier. All rights reserved.</p></footer></body></html>`;
}

/** A PDF of `count` pages, Helvetica text: a heading every tenth page, wrapped body lines, a running header and footer. */
function pdfDocument(count: number): Uint8Array {
  const objects: string[] = [];
  const escapePdf = (text: string) => text.replace(/[\\()]/g, "\\$&").replace(/[^\x20-\x7e]/g, "?");
  const wrap = (text: string, width = 95) => {
    const lines: string[] = [];
    let line = "";
    for (const word of text.split(" ")) {
      if (line.length + word.length + 1 > width) {
        lines.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    if (line) lines.push(line);
    return lines;
  };
  const fontId = 3;
  const pageIds: number[] = [];
  let next = 4;
  let paragraph = 0;
  const contents: Array<[number, number, string]> = [];
  for (let page = 1; page <= count; page++) {
    const pageId = next++;
    const contentId = next++;
    pageIds.push(pageId);
    const ops = [`BT /F1 8 Tf 72 760 Td (Bench annual report) Tj ET`, `BT /F1 8 Tf 280 30 Td (Page ${page} of ${count}) Tj ET`];
    let y = 720;
    if (page % 10 === 1) {
      ops.push(`BT /F1 16 Tf 72 ${y} Td (Part ${Math.ceil(page / 10)}) Tj ET`);
      y -= 30;
    }
    while (y > 120) {
      const lines = wrap(paragraphs[paragraph++ % paragraphs.length] ?? "");
      for (const line of lines) {
        if (y < 60) break;
        ops.push(`BT /F1 10 Tf 72 ${y} Td (${escapePdf(line)}) Tj ET`);
        y -= 13;
      }
      y -= 10;
    }
    contents.push([pageId, contentId, ops.join("\n")]);
  }
  objects[1] = "<< /Type /Catalog /Pages 2 0 R >>";
  objects[2] = `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(" ")}] /Count ${count} >>`;
  objects[fontId] = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>";
  for (const [pageId, contentId, stream] of contents) {
    objects[pageId] = `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 ${fontId} 0 R >> >> /Contents ${contentId} 0 R >>`;
    objects[contentId] = `<< /Length ${Buffer.byteLength(stream)} >>\nstream\n${stream}\nendstream`;
  }
  let out = "%PDF-1.4\n";
  const offsets: number[] = [];
  for (let id = 1; id < objects.length; id++) {
    offsets[id] = Buffer.byteLength(out);
    out += `${id} 0 obj\n${objects[id]}\nendobj\n`;
  }
  const xref = Buffer.byteLength(out);
  out += `xref\n0 ${objects.length}\n0000000000 65535 f \n${offsets
    .slice(1)
    .map((offset) => `${String(offset).padStart(10, "0")} 00000 n \n`)
    .join("")}`;
  out += `trailer\n<< /Size ${objects.length} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, "latin1");
}

async function measure(dir: string) {
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const started = performance.now();
  const corpus = await loadCorpus(dir);
  const loaded = performance.now();
  const index = new SearchIndex(corpus);
  const indexed = performance.now();
  const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
  const count = corpus.documents.reduce((n, d) => n + d.sections.reduce((m, s) => m + s.paragraphs.length, 0), 0);
  void index;
  return {
    paragraphs: count,
    loadMs: loaded - started,
    indexMs: indexed - loaded,
    heapMb,
    rssMb: process.memoryUsage().rss / 2 ** 20,
    pagesOf: corpus.documents[0]?.pages?.length ?? 0,
  };
}

const root = await mkdtemp(join(tmpdir(), "cited-bench-formats-"));
try {
  const web = join(root, "web");
  const pdf = join(root, "pdf");
  await Promise.all([mkdir(web), mkdir(pdf)]);
  for (let n = 0; n < 1000; n++) await writeFile(join(web, `story-${String(n).padStart(4, "0")}.html`), webPage(n));
  const bytes = pdfDocument(500);
  await writeFile(join(pdf, "report.pdf"), bytes);
  const pages = await measure(web);
  const paged = await measure(pdf);
  const result: FormatsResult = {
    pages: { count: 1000, paragraphs: pages.paragraphs, loadMs: pages.loadMs, indexMs: pages.indexMs, heapMb: pages.heapMb, rssMb: pages.rssMb },
    pdf: {
      pages: paged.pagesOf,
      paragraphs: paged.paragraphs,
      bytes: bytes.byteLength,
      loadMs: paged.loadMs,
      indexMs: paged.indexMs,
      heapMb: paged.heapMb,
      rssMb: paged.rssMb,
    },
  };
  console.log(JSON.stringify(result));
} finally {
  await rm(root, { recursive: true, force: true });
}
