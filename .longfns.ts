import ts from 'typescript';
import { readFileSync } from 'node:fs';
const files = process.argv.slice(2);
for (const f of files) {
  const src = ts.createSourceFile(f, readFileSync(f, 'utf8'), ts.ScriptTarget.Latest, true);
  const visit = (n: ts.Node) => {
    if (ts.isFunctionDeclaration(n) || ts.isArrowFunction(n) || ts.isFunctionExpression(n) || ts.isMethodDeclaration(n)) {
      const a = src.getLineAndCharacterOfPosition(n.getStart()).line;
      const b = src.getLineAndCharacterOfPosition(n.getEnd()).line;
      if (b - a > 80) console.log(`${b - a}\t${f}:${a + 1}`);
    }
    ts.forEachChild(n, visit);
  };
  visit(src);
}
