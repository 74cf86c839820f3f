import { runBookProperties } from './bookProperties.ts';
import { runBookSuite } from './bookSuite.ts';
import { ReferenceBook } from './referenceBook.ts';

runBookSuite('ReferenceBook', () => new ReferenceBook());
runBookProperties('ReferenceBook', () => new ReferenceBook());
