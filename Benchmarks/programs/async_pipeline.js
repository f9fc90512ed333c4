// async_pipeline.js - async functions, await and promise combinators (no fetch).
// Hot path: async call/return, await on settled promises, Promise.all,
// then-chains, microtask queue throughput.
async function square(x) {
  await null;
  return x * x;
}

async function sumSquares(n) {
  let total = 0;
  for (let i = 0; i < n; i++) total += await square(i % 100);
  return total;
}

async function fanOut(n) {
  const parts = [];
  for (let i = 0; i < n; i++) parts.push(square(i % 50));
  const values = await Promise.all(parts);
  return values.reduce((a, b) => a + b, 0);
}

let check = 0;
for (let round = 0; round < 40; round++) {
  check = (check + (await sumSquares(1000))) % 1000003;
  check = (check + (await fanOut(500))) % 1000003;
  check = (check + (await Promise.resolve(round).then((v) => v * 3).then((v) => v + 1))) % 1000003;
}
console.log("check=" + check);
