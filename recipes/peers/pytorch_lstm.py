#!/usr/bin/python3
"""PyTorch CPU peer for moglm's training speed: the same model shape and batch.

Trains a word-level LM (tied embeddings, L layers of H units, r Mogrifier rounds; r = 0 uses
nn.LSTM, r > 0 a Mogrifier LSTM written as an nn.Module with a Python time loop, which is what a
PyTorch user would write) with truncated BPTT on the concatenated sentences of a text, Adam, and
prints the training tokens/s (forward + backward + clipping + Adam, after warm-up steps).

Run with Debian's python3-torch (apt-get install python3-torch libopenblas0-pthread) as
  OPENBLAS_CORETYPE=SkylakeX OMP_WAIT_POLICY=passive /usr/bin/python3 pytorch_lstm.py --text ptb.train.txt
(without OPENBLAS_CORETYPE it falls back to slow kernels on this machine).
"""
import argparse
import collections
import sys
import time

import torch
import torch.nn as nn


def read_stream(path, vocab_size):
    counts = collections.Counter()
    lines = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            w = line.split()
            lines.append(w)
            counts.update(w)
    words = [w for w, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    if vocab_size > 0:
        words = words[:vocab_size]
    index = {"</s>": 0}
    for w in words:
        index.setdefault(w, len(index))
    unk = index.setdefault("<unk>", len(index))
    ids = [0]
    for w in lines:
        ids.extend(index.get(x, unk) for x in w)
        ids.append(0)
    return torch.tensor(ids, dtype=torch.long), len(index)


class MogrifierLSTMCell(nn.Module):
    """Mogrifier LSTM cell (Melis et al. 2020): r rounds of x/h mutual gating, then an LSTM cell."""

    def __init__(self, inp, hid, rounds):
        super().__init__()
        self.rounds = rounds
        self.q = nn.ModuleList([nn.Linear(hid, inp) for i in range(rounds) if i % 2 == 0])
        self.r = nn.ModuleList([nn.Linear(inp, hid) for i in range(rounds) if i % 2 == 1])
        self.cell = nn.LSTMCell(inp, hid)

    def forward(self, x, state):
        h, c = state
        qi = ri = 0
        for i in range(1, self.rounds + 1):
            if i % 2 == 1:
                x = 2 * torch.sigmoid(self.q[qi](h)) * x
                qi += 1
            else:
                h = 2 * torch.sigmoid(self.r[ri](x)) * h
                ri += 1
        return self.cell(x, (h, c))


class LM(nn.Module):
    def __init__(self, vocab, size, layers, rounds, dropout):
        super().__init__()
        self.embed = nn.Embedding(vocab, size)
        self.rounds = rounds
        self.drop = nn.Dropout(dropout)
        if rounds == 0:
            self.rnn = nn.LSTM(size, size, layers, dropout=dropout)
        else:
            self.cells = nn.ModuleList([MogrifierLSTMCell(size, size, rounds) for _ in range(layers)])
        self.out = nn.Linear(size, vocab)
        self.out.weight = self.embed.weight
        self.layers, self.size = layers, size

    def forward(self, x, state):
        e = self.drop(self.embed(x))
        if self.rounds == 0:
            y, state = self.rnn(e, state)
        else:
            new_state = []
            inp = e
            for l, cell in enumerate(self.cells):
                h, c = state[l]
                outs = []
                for t in range(inp.size(0)):
                    h, c = cell(inp[t], (h, c))
                    outs.append(h)
                inp = self.drop(torch.stack(outs))
                new_state.append((h, c))
            y, state = inp, new_state
        return self.out(self.drop(y)), state

    def init_state(self, batch):
        z = torch.zeros(self.layers, batch, self.size)
        if self.rounds == 0:
            return (z, z.clone())
        return [(torch.zeros(batch, self.size), torch.zeros(batch, self.size)) for _ in range(self.layers)]


def detach(state):
    if isinstance(state, tuple):
        return tuple(s.detach() for s in state)
    return [(h.detach(), c.detach()) for h, c in state]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--text", required=True)
    ap.add_argument("--vocab-size", type=int, default=10000)
    ap.add_argument("--size", type=int, default=200)
    ap.add_argument("--layers", type=int, default=2)
    ap.add_argument("--rounds", type=int, default=0)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--bptt", type=int, default=35)
    ap.add_argument("--dropout", type=float, default=0.3)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--clip", type=float, default=1.0)
    ap.add_argument("--steps", type=int, default=60)
    ap.add_argument("--warmup", type=int, default=5)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    stream, vocab = read_stream(a.text, a.vocab_size)
    n = (len(stream) - 1) // a.batch_size
    data = stream[: n * a.batch_size + 1]
    inputs = data[:-1].view(a.batch_size, n).t().contiguous()
    targets = data[1:].view(a.batch_size, n).t().contiguous()
    model = LM(vocab, a.size, a.layers, a.rounds, a.dropout)
    opt = torch.optim.Adam(model.parameters(), lr=a.lr)
    loss_fn = nn.CrossEntropyLoss()
    state = model.init_state(a.batch_size)
    model.train()
    tokens = 0
    t_start = None
    pos = 0
    for step in range(a.warmup + a.steps):
        if step == a.warmup:
            t_start = time.perf_counter()
            tokens = 0
        if pos + a.bptt > n:
            pos = 0
            state = model.init_state(a.batch_size)
        x = inputs[pos: pos + a.bptt]
        y = targets[pos: pos + a.bptt]
        pos += a.bptt
        state = detach(state)
        logits, state = model(x, state)
        loss = loss_fn(logits.view(-1, vocab), y.reshape(-1))
        opt.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), a.clip)
        opt.step()
        tokens += x.numel()
    dt = time.perf_counter() - t_start
    params = sum(p.numel() for p in model.parameters())
    print(f"pytorch {torch.__version__} threads={a.threads} V={vocab} {a.layers}x{a.size} r={a.rounds} tied "
          f"B={a.batch_size} T={a.bptt} params={params}: {a.steps} steps, last loss {loss.item():.3f}, "
          f"training {tokens / dt:.0f} tokens/s")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
