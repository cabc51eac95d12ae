// Wrong: a receive never returns, even with a value waiting. It parks for good on a word
// nobody changes, through the schedule hooks, so a controlled run sees it blocked.
import { park } from '../../../reference/schedule/hooks.ts';
import { overriding, wrapReference } from './wrap-reference.ts';

export default wrapReference('stuck-receiver', import.meta.url, {
  receiver: (r) =>
    overriding(r, {
      recv: () => {
        const word = new Int32Array(new SharedArrayBuffer(4));
        for (;;) park(word, 0, 0, Infinity);
      },
    }),
});
