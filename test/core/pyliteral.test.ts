import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePyLiteral, parsePythonish, pyStr, PyFloat, PySet, PyTuple } from '../../src/core/pyliteral';

describe('Python-literal parse', () => {
  it('JSON first, then Python literals', () => {
    expect(parsePythonish('{"a": [1, 2]}')).toEqual({ a: [1, 2] });
    expect(parsePythonish("{'score_function': 'maze_evaluator'}")).toEqual({ score_function: 'maze_evaluator' });
    expect(parsePythonish('[(1, 2), (3, 4),]')).toEqual([[1, 2], [3, 4]]);
    expect(parsePythonish('[True, False, None]')).toEqual([true, false, null]);
    expect(parsePythonish('not a literal')).toBeUndefined();
    expect(parsePythonish('__import__("os")')).toBeUndefined();
  });

  it('keeps tuples, sets and integral floats distinguishable', () => {
    expect(parsePyLiteral('(1, 2)')).toBeInstanceOf(PyTuple);
    expect(parsePyLiteral('(1,)')).toBeInstanceOf(PyTuple);
    expect(parsePyLiteral('(1)')).toBe(1);
    expect(parsePyLiteral('{1, 2}')).toBeInstanceOf(PySet);
    expect(parsePyLiteral('0,1,2')).toEqual(new PyTuple([0, 1, 2])); // a bare tuple, as ast.literal_eval reads it
    expect(pyStr(parsePyLiteral('3.0'))).toBe('3.0');
    expect(parsePyLiteral('3.0')).toBeInstanceOf(PyFloat);
    expect(pyStr(parsePyLiteral('3'))).toBe('3');
    expect(pyStr(parsePyLiteral("[1, 'a', (2,)]"))).toBe("[1, 'a', (2,)]");
  });

  it('strings: quotes, escapes, raw, adjacent concatenation', () => {
    expect(parsePyLiteral(String.raw`'it\'s'`)).toBe("it's");
    expect(parsePyLiteral(String.raw`"a\nb"`)).toBe('a\nb');
    expect(parsePyLiteral(String.raw`r'a\nb'`)).toBe('a\\nb');
    expect(parsePyLiteral(`'a' "b"`)).toBe('ab');
    expect(parsePyLiteral(String.raw`'\u00e9\x41'`)).toBe('éA');
    expect(() => parsePyLiteral("'unterminated")).toThrow(/unterminated string/);
    expect(() => parsePyLiteral('[1, 2')).toThrow(/unterminated/);
  });

  it('property: any JSON value round-trips, and Python repr of lists of ints/strings parses back', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(parsePythonish(JSON.stringify(v))).toEqual(JSON.parse(JSON.stringify(v)));
      }),
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer(), fc.string())), (xs) => {
        const repr = `[${xs.map((x) => (typeof x === 'number' ? String(x) : `'${x.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`)).join(', ')}]`;
        expect(parsePythonish(repr)).toEqual(xs);
      }),
    );
  });
});
