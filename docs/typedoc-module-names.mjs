// A TypeDoc plugin for svckit's entry files, which open with
//
//   /**
//    * @module @svckit/core/endpoint
//    *
//    * The overview...
//    */
//
// TypeDoc takes the whole block as the @module tag's text, finds a newline in it and then
// neither renames the module nor keeps the overview. This splits the tag: its first line is the
// module's name, the rest becomes the module's summary.
import { Comment, Converter, ReflectionKind } from 'typedoc';

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.converter.on(
    Converter.EVENT_CREATE_DECLARATION,
    (_context, reflection) => {
      if (!reflection.kindOf(ReflectionKind.SomeModule) || !reflection.comment) return;
      const tag = reflection.comment.getTag('@module');
      if (!tag) return;
      const parts = tag.content;
      const i = parts.findIndex((p) => p.kind === 'text' && p.text.includes('\n'));
      if (i < 0) return;
      const first = parts[i];
      const nl = first.text.indexOf('\n');
      const name = Comment.combineDisplayParts([
        ...parts.slice(0, i),
        { kind: 'text', text: first.text.slice(0, nl) },
      ]).trim();
      const rest = [
        { kind: 'text', text: first.text.slice(nl + 1).trimStart() },
        ...parts.slice(i + 1),
      ];
      tag.content = [{ kind: 'text', text: name }];
      reflection.comment.summary = [...rest, ...reflection.comment.summary];
    },
    100,
  );
}
