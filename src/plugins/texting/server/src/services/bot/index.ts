import type { Core } from '@strapi/strapi';
import MiniSearch from 'minisearch';

/**
 * The office chatbot: full-text search (MiniSearch, BM25 with fuzzy and prefix matching) of the text
 * against the office's bot answers, questions and keywords. A match must clear both a score floor and a
 * coverage floor (the share of the text's meaningful words that matched), so "campus food" may still
 * find the campus answer but "I like pizza" gets the office's fallback.
 */
export const BOT_MIN_SCORE = 1;
export const BOT_MIN_COVERAGE = 0.5;
/** Indexes are rebuilt on any bot-answer write in this instance; the TTL bounds staleness across instances. */
const CACHE_TTL_MS = 60_000;

export const DEFAULT_FALLBACK = 'Thanks for your message! We could not find an answer to that. Reply AGENT to reach a person.';
export const DEFAULT_HANDOFF_KEYWORDS = 'agent,human';

const STOP_WORDS = new Set(
  (
    'a an and any are as at be can could did do does for from had has have hello hey hi how i i\'m if in is it its me ' +
    'my of on or our please should so that the there this to us was we were what when where which who why will with ' +
    'would you your thanks thank'
  ).split(' ')
);

const tokenize = MiniSearch.getDefault('tokenize') as (text: string) => string[];

const processTerm = (term: string): string | null => {
  const t = term.toLowerCase();
  return t.length < 2 || STOP_WORDS.has(t) ? null : t;
};

interface Doc {
  id: number;
  documentId: string;
  question: string;
  keywords: string;
  answer: string;
}

export interface BotMatch {
  kind: 'answer';
  answer: string;
  botAnswer: { id: number; documentId: string; question: string };
  score: number;
  coverage: number;
}

export interface BotFallback {
  kind: 'fallback';
  answer: string;
  best: { question: string; score: number; coverage: number } | null;
}

/** Whether the text asks for a person: one of the office's hand-off keywords, as a whole word. */
export function isHandoff(text: string, keywords: string | null | undefined): string | null {
  const words = (keywords || DEFAULT_HANDOFF_KEYWORDS)
    .split(',')
    .map((k) => k.trim().toLowerCase())
    .filter(Boolean);
  const tokens = new Set(
    text
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter(Boolean)
  );
  const normalized = text.trim().toLowerCase().replace(/[\s.!?,;:]+$/u, '');
  return words.find((k) => (k.includes(' ') ? normalized.includes(k) : tokens.has(k))) ?? null;
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const cache = new Map<number, { index: MiniSearch<Doc>; docs: number; at: number }>();

  async function indexFor(officeId: number): Promise<{ index: MiniSearch<Doc>; docs: number }> {
    const hit = cache.get(officeId);
    if (hit && Date.now() - hit.at < CACHE_TTL_MS) return hit;
    const rows = (await strapi.db.query('plugin::texting.bot-answer').findMany({
      where: { office: { id: officeId } },
      select: ['id', 'documentId', 'question', 'keywords', 'answer'],
    })) as Doc[];
    const index = new MiniSearch<Doc>({
      fields: ['question', 'keywords'],
      storeFields: ['documentId', 'question', 'answer'],
      processTerm,
      searchOptions: { boost: { keywords: 2 }, fuzzy: 0.2, prefix: true, combineWith: 'OR' },
    });
    index.addAll(rows.map((r) => ({ ...r, keywords: r.keywords ?? '' })));
    const entry = { index, docs: rows.length, at: Date.now() };
    cache.set(officeId, entry);
    return entry;
  }

  return {
    /** Drops every cached index (called by bot-answer lifecycles). */
    invalidate() {
      cache.clear();
    },

    async answer(office: { id: number; botFallback?: string | null }, text: string): Promise<BotMatch | BotFallback> {
      const fallback = office.botFallback?.trim() || DEFAULT_FALLBACK;
      const { index, docs } = await indexFor(office.id);
      if (docs === 0) return { kind: 'fallback', answer: fallback, best: null };
      // Same tokenizer and term processing as the index, so coverage counts the words the search saw.
      const meaningful = new Set(
        tokenize(text)
          .map((t) => processTerm(t))
          .filter((t): t is string => Boolean(t))
      );
      const [best] = index.search(text);
      if (!best || meaningful.size === 0) return { kind: 'fallback', answer: fallback, best: null };
      const coverage = best.queryTerms.length / meaningful.size;
      const stored = best as unknown as Doc & { score: number };
      if (best.score >= BOT_MIN_SCORE && coverage >= BOT_MIN_COVERAGE) {
        return {
          kind: 'answer',
          answer: stored.answer,
          botAnswer: { id: Number(best.id), documentId: stored.documentId, question: stored.question },
          score: best.score,
          coverage,
        };
      }
      return { kind: 'fallback', answer: fallback, best: { question: stored.question, score: best.score, coverage } };
    },
  };
};
