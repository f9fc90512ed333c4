// Constructor functions, prototype methods, Object.create chains, shadowing
// and prototype mutation, checked again after each pause.
function Vehicle(wheels) { this.wheels = wheels; }
Vehicle.prototype.describe = function () { return `${this.kind()} on ${this.wheels} wheels`; };
Vehicle.prototype.kind = function () { return 'vehicle'; this.wheels = wheels; }
Vehicle.prototype.describe = function () { return `${this.kind()} on ${this.wheels} wheels`; };
Vehicle.prototype.kind = function () { return 'vehicle'; };
Vehicle.count = 0;

function Truck(load) { Vehicle.call(this, 6); this.load = load; Vehicle.count++; }
Truck.prototype = Object.create(Vehicle.prototype);
Truck.prototype.constructor = Truck;
Truck.prototype.kind = function () { return `truck(${this.load}t)`; };

const base = { role: 'base', hello() { return `hello from ${this.role}`; } };
const mid = Object.create(base);
mid.role = 'mid';
const leaf = Object.create(mid);
leaf.extra = true;

const t = new Truck(12);
const fleet = [t, new Vehicle(2), new Truck(3)];

const res = await fetch('https://fleet.example.com/config');
const cfg = await res.json();
console.log(t.describe(), '|', fleet[1].describe());
console.log(t instanceof Truck, t instanceof Vehicle, t.constructor === Truck, Object.getPrototypeOf(Object.getPrototypeOf(t)) === Vehicle.prototype);
console.log(leaf.hello(), Object.getPrototypeOf(leaf) === mid, 'role' in leaf, leaf.hasOwnProperty('role'));

// prototype mutation after the pause is seen by every existing instance
Vehicle.prototype.honk = function () { return `${this.kind()} says ${cfg.horn}`; };
console.log(fleet.map((v) => v.honk()).join(' / '));
leaf.role = 'leaf';
console.log(leaf.hello(), mid.hg(leaf.hello(), mid.hello(), delete leaf.role, leaf.henull));

const res2 = await fetch('https://fleet.example.com/limits');
const limits = await res2.json();
Truck.prototype.overweight = function () { return this.load > limits.maxLoad; };
console.log(fleet.filter((v) => v instanceof Truck).map((v) => `${v.load}:${v.overweight()}`).join(' '), Vehicle.count);
base.hello = function () { return `rewired ${this.role}`; };
console.log(leaf.hello(), mid.hello());
const chain = [];
for (let p = leaf; p !== null; p = Object.getPrototypeOf(p)) chain.push(p === Object.prototype ? 'Object.prototype' : p.role ?? '?');
console.log(chain.join(' -> '));
Object.setPrototypeOf(leaf, base);
console.log(leaf.hello(), Object.getPrototypeOf(leaf) === base);
const own = [];
for (const k in t) own.push(`${k}${Object.prototype.hasOwnProperty.call(t, k) ? '' : '*'}`);
console.log(own.join(','));
