// A little of most syntax the compiler handles (seed for the compile target).
const { a = 1, ...rest } = { b: 2, [`k${1}`]: 3 };
let [x, , y = x ** 2] = [1, 2];
class Base { #p = 1; static s = 2; get p() { return this.#p; } set p(v) { this.#p = v; } }
class Derived extends Base { constructor(...args) { super(...args); this.q = new.target?.name ?? "?"; } }
function* gen(n) { for (let i = 0; i < n; i++) yield i; }
async function f(u) { try { return await fetch(u); } catch ({ message }) { return message; } finally { x++; } }
label: for (const v of gen(3)) { switch (v) { case 1: continue label; default: break label; } }
for (const k in rest) if (k) x += rest[k]; else throw new Error(k);
const t = typeof y === "number" && !(x in rest) ? x?.toString(16) : void 0;
(async () => { for await (const v of [Promise.resolve(1)]) console.log(v, t, /a+b/gi.test("aab")); })();
do { x--; } while (x > 0 || a && y !== undefined);
await f("https://example.test/");
