// objects_classes.js - object literals, classes with getters, spread,
// destructuring and JSON-shaped data, as API glue code does.
// Hot path: property get/set, method calls, object allocation, destructuring.
class Item {
  constructor(id, name, price, tags) {
    this.id = id;
    this.name = name;
    this.price = price;
    this.tags = tags;
  }
  get label() { return this.name + "#" + this.id; }
  discounted(pct) { return Math.round(this.price * (100 - pct)) / 100; }
}

function makeItems(n) {
  const items = [];
  for (let i = 0; i < n; i++) {
    items.push(new Item(i, "item" + (i % 97), (i * 37) % 1000, ["t" + (i % 5), "t" + (i % 7)]));
  }
  return items;
}

function summarize(items, pct) {
  const byTag = {};
  let total = 0;
  for (const item of items) {
    const { id, tags, price } = item;
    const entry = { ...{ id, price }, label: item.label, final: item.discounted(pct) };
    total += entry.final + entry.label.length;
    for (const t of tags) byTag[t] = (byTag[t] || 0) + 1;
  }
  return { total: Math.round(total), tags: Object.keys(byTag).length };
}

let check = 0;
const items = makeItems(5000);
for (let round = 0; round < 60; round++) {
  const s = summarize(items, round % 30);
  check = (check + s.total + s.tags) % 1000003;
}
console.log("check=" + check);
