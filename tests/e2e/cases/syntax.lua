print("one")
print("two")
x = = 3
print("four")
