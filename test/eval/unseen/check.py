#!/usr/bin/env python3
"""Check the unseen evaluation set: corpus parses, questions point at real sentences, split rule holds.

usage: python3 test/eval/unseen/check.py   (from anywhere; exits non-zero on any error)

Reads corpus/ in the three formats of ARCHITECTURE.md "Corpus formats" with its own small
parser (it does not import the project), then checks dev.jsonl and test.jsonl:
- ids unique and of the form u<digits>; kind is one of KINDS;
- split: a question is in dev.jsonl iff int(sha256(id), 16) % 100 < 40 (see README);
- answerable: gold_file is an existing docId, gold_quote is an exact substring of that
  statement's body, gold_date equals the statement's date; warns if the quote also occurs
  in another statement or looks like more than one sentence;
- negative: gold_file, gold_quote and gold_date are null;
and prints counts of statements by format and style and of questions by kind and split."""
import collections, datetime, hashlib, json, os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "corpus")
KINDS = {"lexical", "paraphrase", "numeric", "latest", "date", "who", "when", "where", "speaker", "negative"}
errors, warnings = [], []


def err(msg):
    errors.append(msg)


def valid_date(s):
    if not isinstance(s, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", s):
        return False
    try:
        datetime.date.fromisoformat(s)
        return True
    except ValueError:
        return False


def parse_front_matter(text, rel):
    lines = text.split("\n")
    end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
    if end is None:
        err(f"{rel}: front matter not closed")
        return None
    meta = {}
    for n, line in enumerate(lines[1:end], start=2):
        m = re.match(r"^([A-Za-z_]+):\s*(.*)$", line)
        if not m:
            err(f"{rel}:{n}: unreadable front matter line {line!r}")
            continue
        v = m.group(2).strip()
        if len(v) >= 2 and v[0] == v[-1] and v[0] in "\"'":
            v = v[1:-1]
        meta[m.group(1)] = v
    return meta, "\n".join(lines[end + 1:])


def load_corpus():
    docs = {}  # docId -> {date, body, format, speaker}
    for root, _, files in os.walk(CORPUS):
        for name in sorted(files):
            path = os.path.join(root, name)
            rel = os.path.relpath(path, CORPUS).replace(os.sep, "/")
            text = open(path, encoding="utf-8").read()
            if name.endswith(".jsonl"):
                for n, line in enumerate(text.split("\n"), start=1):
                    if not line.strip():
                        continue
                    rec = json.loads(line)
                    missing = {"id", "title", "date", "speaker", "source", "url", "text"} - rec.keys()
                    if missing:
                        err(f"{rel}:{n}: missing fields {sorted(missing)}")
                    doc_id = f"{rel}#{rec['id']}"
                    if doc_id in docs:
                        err(f"{rel}:{n}: duplicate id {rec['id']}")
                    docs[doc_id] = {"date": rec.get("date"), "body": rec.get("text", ""),
                                    "format": "jsonl", "speaker": rec.get("speaker")}
            elif name.endswith((".md", ".txt")):
                if text.startswith("---\n"):
                    parsed = parse_front_matter(text, rel)
                    if parsed is None:
                        continue
                    meta, body = parsed
                    for field in ("title", "date", "speaker", "source", "url"):
                        if field not in meta:
                            err(f"{rel}: front matter lacks {field}")
                    fmt = "front-matter " + name.rsplit(".", 1)[1]
                    docs[rel] = {"date": meta.get("date"), "body": body, "format": fmt,
                                 "speaker": meta.get("speaker")}
                else:
                    m = re.match(r"^ ?date (\d{4}-\d{2}-\d{2}) ", text)
                    if not m or not name.endswith(".txt"):
                        err(f"{rel}: neither front matter nor seed format")
                        continue
                    docs[rel] = {"date": m.group(1), "body": text[m.end():], "format": "seed txt",
                                 "speaker": None}
            else:
                err(f"{rel}: unexpected file in corpus")
    for doc_id, d in docs.items():
        if not valid_date(d["date"]):
            err(f"{doc_id}: invalid date {d['date']!r}")
        words = len(d["body"].split())
        d["words"] = words
        if not 80 <= words <= 900:
            warnings.append(f"{doc_id}: body has {words} words (outside 80-900)")
    return docs


def in_dev(qid):
    return int(hashlib.sha256(qid.encode()).hexdigest(), 16) % 100 < 40


def looks_multi_sentence(q):
    # a full stop, ?, or ! followed by space and a capital, not after a short title/initial
    for m in re.finditer(r"([.?!])[\"”']?\s+[A-Z]", q):
        before = q[:m.start()].split()[-1] if q[:m.start()].split() else ""
        if re.fullmatch(r"(Mr|Mrs|Ms|Dr|St|No|Hon|[A-Z])", before.rstrip(".")) and m.group(1) == ".":
            continue
        return True
    return False


def main():
    docs = load_corpus()
    styles = {}
    for line in open(os.path.join(HERE, "styles.tsv"), encoding="utf-8"):
        if line.strip() and not line.startswith("#"):
            doc_id, style = line.rstrip("\n").split("\t")
            styles[doc_id] = style
    for doc_id in docs:
        if doc_id not in styles:
            err(f"{doc_id}: no style in styles.tsv")
    for doc_id in styles:
        if doc_id not in docs:
            err(f"styles.tsv: {doc_id} is not a statement")

    seen, counts = set(), collections.Counter()
    gold_docs = collections.Counter()
    for split in ("dev", "test"):
        path = os.path.join(HERE, f"{split}.jsonl")
        for n, line in enumerate(open(path, encoding="utf-8"), start=1):
            if not line.strip():
                continue
            q = json.loads(line)
            where = f"{split}.jsonl:{n} ({q.get('id')})"
            if set(q) != {"id", "question", "kind", "gold_file", "gold_quote", "gold_date"}:
                err(f"{where}: fields {sorted(q)}")
            qid = q.get("id")
            if not isinstance(qid, str) or not re.fullmatch(r"u\d{3,}", qid):
                err(f"{where}: bad id")
                continue
            if qid in seen:
                err(f"{where}: duplicate id")
            seen.add(qid)
            if (split == "dev") != in_dev(qid):
                err(f"{where}: in the wrong split for its id")
            if not q.get("question", "").strip():
                err(f"{where}: empty question")
            kind = q.get("kind")
            if kind not in KINDS:
                err(f"{where}: unknown kind {kind!r}")
            counts[(kind, split)] += 1
            if kind == "negative":
                if q["gold_file"] is not None or q["gold_quote"] is not None or q["gold_date"] is not None:
                    err(f"{where}: negative with a gold answer")
                continue
            doc = docs.get(q["gold_file"])
            if doc is None:
                err(f"{where}: gold_file {q['gold_file']!r} is not a statement")
                continue
            gold_docs[q["gold_file"]] += 1
            quote = q["gold_quote"]
            if not isinstance(quote, str) or len(quote.split()) < 3:
                err(f"{where}: gold_quote missing or too short")
                continue
            if quote not in doc["body"]:
                err(f"{where}: gold_quote not in the body of {q['gold_file']}")
            if not valid_date(q["gold_date"]):
                err(f"{where}: invalid gold_date {q['gold_date']!r}")
            elif q["gold_date"] != doc["date"]:
                err(f"{where}: gold_date {q['gold_date']} but statement is dated {doc['date']}")
            others = [d for d, v in docs.items() if d != q["gold_file"] and quote in v["body"]]
            if others:
                warnings.append(f"{where}: gold_quote also occurs in {others}")
            if looks_multi_sentence(quote):
                warnings.append(f"{where}: gold_quote may span sentences: {quote!r}")

    print(f"statements: {len(docs)}")
    for label, key in (("format", "format"),):
        c = collections.Counter(d[key] for d in docs.values())
        print("  by format: " + ", ".join(f"{k} {v}" for k, v in sorted(c.items())))
    c = collections.Counter(styles.get(d) for d in docs)
    print("  by style:  " + ", ".join(f"{k} {v}" for k, v in sorted(c.items(), key=lambda kv: str(kv[0]))))
    c = collections.Counter(d.split("/")[0] for d in docs)
    print("  by topic:  " + ", ".join(f"{k} {v}" for k, v in sorted(c.items())))
    years = collections.Counter(d["date"][:4] for d in docs.values())
    print("  by year:   " + ", ".join(f"{k} {v}" for k, v in sorted(years.items())))
    w = sorted(d["words"] for d in docs.values())
    print(f"  body words: min {w[0]}, median {w[len(w) // 2]}, max {w[-1]}")
    print(f"  statements that are gold for at least one question: {len(gold_docs)}")
    print(f"questions: {sum(counts.values())}")
    print(f"  {'kind':<12}{'dev':>5}{'test':>6}{'all':>6}")
    for kind in sorted(KINDS):
        d, t = counts[(kind, 'dev')], counts[(kind, 'test')]
        print(f"  {kind:<12}{d:>5}{t:>6}{d + t:>6}")
    d = sum(v for (k, s), v in counts.items() if s == "dev")
    t = sum(v for (k, s), v in counts.items() if s == "test")
    print(f"  {'all':<12}{d:>5}{t:>6}{d + t:>6}")
    for w_ in warnings:
        print("warning: " + w_)
    for e in errors:
        print("ERROR: " + e)
    print(f"{len(errors)} errors, {len(warnings)} warnings")
    sys.exit(1 if errors else 0)


main()
